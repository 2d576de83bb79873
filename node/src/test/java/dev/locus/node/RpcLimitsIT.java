package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.cli.LocusCtl;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's JSON-RPC limits and shared secret, set through its configuration, over real HTTP. */
class RpcLimitsIT {

    private static final String HOST = "127.0.0.221";
    private static final String SECRET = "it-rpc-secret-221";
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() throws Exception {
        Map<String, String> settings = TestNodes.settings(HOST, 15821);
        settings.put("rpc.secret", SECRET);
        settings.put("rpc.max_batch", "2");
        settings.put("rpc.max_response_bytes", "8192");
        node = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress(), SECRET);
        for (int i = 0; i < 20; i++) {
            rpc.result("ul.add", "location", "limited" + i, "sip:limited" + i + "@192.0.2.1:5060", 600, -1, ".", 0, 0,
                    4294967295L);
        }
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aCallWithoutTheSecretIs401AndRunsNothing() throws Exception {
        HttpResponse<JsonNode> response = new RpcClient(node.rpcAddress()).post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"ul.rm\",\"params\":[\"location\",\"limited0\"],\"id\":1}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(rpc.lookupContacts("limited0")).hasSize(1);
    }

    @Test
    void locusctlGivenTheSecretIsAnswered() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LocusCtl());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute("-s", rpc.uri().toString(), "--secret", SECRET, "core.version");
        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("locus ");
    }

    @Test
    void aBatchBeyondRpcMaxBatchIsAnsweredWithAnErrorForTheExcess() throws Exception {
        JsonNode answers = rpc.post("""
                [{"jsonrpc":"2.0","method":"core.version","id":1},{"jsonrpc":"2.0","method":"core.version","id":2},
                 {"jsonrpc":"2.0","method":"core.version","id":3}]""").body();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(1).has("result")).isTrue();
        assertThat(answers.get(2).get("error").get("code").asInt()).isEqualTo(-32600);
        assertThat(answers.get(2).get("id").asInt()).isEqualTo(3);
    }

    @Test
    void aDumpLargerThanRpcMaxResponseBytesIsAnErrorWhileItsBriefFormFits() throws Exception {
        JsonNode full = rpc.call("ul.dump");
        assertThat(full.get("error").get("code").asInt()).isEqualTo(-32000);
        assertThat(full.get("error").get("message").asText()).isEqualTo("Response too large: exceeds 8192 bytes");
        assertThat(rpc.result("ul.dump", "brief").at("/Domains/0/Domain/AoRs")).hasSize(20);
    }
}
