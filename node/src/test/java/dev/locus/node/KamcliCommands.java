package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.node.support.Kamcli;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What kamcli does against a node whatever its transport: the same answers as POST /RPC. Each subclass starts a
 * node serving one jsonrpcs transport, registers alice there ({@link #registerAlice}) and gives its kamcli.
 */
abstract class KamcliCommands {

    static final ObjectMapper JSON = new ObjectMapper();

    abstract Kamcli kamcli();

    abstract RpcClient rpc();

    static void registerAlice(String phone, String host, int port) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, phone, new InetSocketAddress(host, port))) {
            assertThat(ua.request(Register.of("alice", "example.com").contact("<sip:alice@192.0.2.1:5060>")
                    .expires(600).to(ua)).status()).isEqualTo(200);
        }
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static JsonNode answer(Kamcli.Output output) throws IOException {
        assertThat(output.exit()).as(output.stderr()).isZero();
        String printed = output.stdout().trim();
        assertThat(printed).as("kamcli printed a response; stderr: " + output.stderr()).startsWith("{");
        return JSON.readTree(printed);
    }

    @Test
    void rpcCoreVersionAnswersAsJsonRpcDoes() throws Exception {
        JsonNode response = answer(kamcli().run("rpc", "core.version"));
        assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(response.get("result")).isEqualTo(rpc().result("core.version"));
    }

    @Test
    void ulShowListsTheRegisteredContact() throws Exception {
        JsonNode all = answer(kamcli().run("ul", "show"));
        assertThat(all.at("/result/Domains/0/Domain/AoRs/0/Info/AoR").asText()).isEqualTo("alice");
        assertThat(all.at("/result/Domains/0/Domain/AoRs/0/Info/Contacts/0/Contact/Address").asText())
                .isEqualTo("sip:alice@192.0.2.1:5060");
        JsonNode brief = answer(kamcli().run("ul", "show", "--brief"));
        assertThat(brief.at("/result/Domains/0/Domain/AoRs/0/AoR").asText()).isEqualTo("alice");
    }

    @Test
    void statsReadsStatisticsGetStatistics() throws Exception {
        JsonNode response = answer(kamcli().run("stats", "usrloc"));
        assertThat(response.get("result").toString()).contains("usrloc:registered_users = 1");
    }

    @Test
    void anUnknownMethodIsAnsweredWithAnError() throws Exception {
        JsonNode response = answer(kamcli().run("rpc", "no.such_method"));
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(response.has("result")).isFalse();
    }
}
