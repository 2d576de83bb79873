package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.locus.node.support.Kamcmd;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * core.*, corex.list_sockets, system.methodSignature and cfg.* over JSON-RPC on one node (127.0.0.189, SIP on udp
 * and tcp, DMQ on): Kamailio 5.6.3's answers and faults, and where Locus refuses what Kamailio takes silently.
 * {@link CoreRpcKamailioIT} holds the same calls against a live Kamailio.
 */
class CoreRpcIT {

    private static final String HOST = "127.0.0.189";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> s = TestNodes.settings(HOST, 17511);
        s.put("sip.listen", "udp:" + HOST + ":17512,tcp:" + HOST + ":17512");
        s.put("sip.advertised_address", "sip.example.net:5060");
        s.put("rpc.port", "17513");
        s.put("dmq.listen", "udp:" + HOST + ":17514");
        s.put("dmq.notification_address", "sip:" + HOST + ":17514");
        s.put("binrpc.listen", "tcp:" + HOST + ":17518");
        node = TestNodes.start(s, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static JsonNode error(String method, Object... params) throws Exception {
        JsonNode response = rpc.call(method, params);
        assertThat(response.has("error")).as(method + " answered " + response).isTrue();
        return response.get("error");
    }

    private static void fault(int code, String message, String method, Object... params) throws Exception {
        JsonNode error = error(method, params);
        assertThat(error.get("code").asInt()).as(method + " " + List.of(params)).isEqualTo(code);
        assertThat(error.get("message").asText()).as(method + " " + List.of(params)).isEqualTo(message);
    }

    @Test
    void versionIsKamailiosLineWithLocusAsTheName() throws Exception {
        String version = rpc.result("core.version").asText();
        // Kamailio 5.6.3 from Debian: "kamailio 5.6.3 (x86_64/linux) ", the trailing space its empty repository version.
        assertThat(version).matches("locus \\S+ \\((x86_64|aarch64|i386|[a-z0-9_]+)/linux\\) ");
        assertThat(version).doesNotContain("amd64");
        JsonNode info = rpc.result("core.info");
        List<String> names = new ArrayList<>();
        info.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("version", "id", "compiler", "compiled", "flags");
        assertThat(version).startsWith(info.get("version").asText() + " (");
        assertThat(info.get("compiler").asText()).startsWith("java 17");
    }

    @Test
    void echoReturnsItsParametersAsStringsUpToTheFirstThatIsNone() throws Exception {
        assertThat(rpc.result("core.echo", "a", 1, "b")).hasToString("[\"a\",\"1\",\"b\"]");
        assertThat(rpc.result("core.echo")).hasToString("[]");
        assertThat(rpc.result("core.echo", 2.9)).hasToString("[\"2\"]");
        assertThat(rpc.result("core.echo", "a", NullNode.instance, "b")).hasToString("[\"a\"]");
        assertThat(rpc.result("core.echo", "a", Map.of("x", 1), "b")).hasToString("[\"a\"]");
    }

    @Test
    void psxListsTheNodesThreadsAndPsTheSameFlat() throws Exception {
        JsonNode psx = rpc.result("core.psx");
        assertThat(psx.size()).isGreaterThan(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < psx.size(); i++) {
            JsonNode t = psx.get(i);
            List<String> members = new ArrayList<>();
            t.fieldNames().forEachRemaining(members::add);
            assertThat(members).containsExactly("IDX", "PID", "DSC");
            assertThat(t.get("IDX").asInt()).isEqualTo(i);
            assertThat(t.get("PID").isIntegralNumber()).isTrue();
            names.add(t.get("DSC").asText());
        }
        assertThat(names).anyMatch(n -> n.startsWith("locus-rpc"));
        JsonNode ps = rpc.result("core.ps");
        assertThat(ps.size() % 2).isZero();
        for (int i = 0; i < ps.size(); i += 2) {
            assertThat(ps.get(i).isIntegralNumber()).isTrue();
            assertThat(ps.get(i + 1).isTextual()).isTrue();
        }
    }

    @Test
    void socketsAreTheSipAndDmqOnesUdpFirst() throws Exception {
        String expected = "";
        for (String[] s : List.of(new String[] {"udp", "17512"}, new String[] {"udp", "17514"},
                new String[] {"tcp", "17512"})) {
            expected += (expected.isEmpty() ? "" : ",") + "{\"socket\":{\"proto\":\"" + s[0] + "\",\"address\":\""
                    + HOST + "\",\"ipaddress\":\"" + HOST + "\",\"port\":\"" + s[1]
                    + "\",\"mcast\":\"no\",\"mhomed\":\"no\",\"virtual\":\"no\"}}";
        }
        assertThat(rpc.result("core.sockets_list")).isEqualTo(JSON.readTree("[" + expected + "]"));

        JsonNode list = rpc.result("corex.list_sockets");
        assertThat(list.get(0)).isEqualTo(JSON.readTree("{\"PROTO\":\"udp\",\"NAME\":\"" + HOST
                + "\",\"ADDRLIST\":{\"ADDR\":\"" + HOST + "\"},\"PORT\":\"17512\",\"MCAST\":\"no\",\"MHOMED\":\"no\","
                + "\"VIRTUAL\":\"no\",\"SOCKNAME\":\"-\",\"ADVERTISE\":\"sip.example.net\"}"));
        assertThat(list.get(1).get("PORT").asText()).isEqualTo("17514");
        assertThat(list.get(1).get("ADVERTISE").asText()).as("DMQ is not advertised").isEqualTo("-");
        assertThat(list.get(2).get("PROTO").asText()).isEqualTo("tcp");
        assertThat(list).hasSize(3);
    }

    @Test
    void methodSignatureIsNotImplementedAsInKamailio() throws Exception {
        fault(500, "Not Implemented Yet", "system.methodSignature", "core.echo");
        fault(500, "Not Implemented Yet", "system.methodSignature");
        assertThat(rpc.result("system.methodHelp", "core.psx").asText())
                .isEqualTo("Returns the detailed description of running processes.");
        assertThat(rpc.result("system.methodHelp", "cfg.seti").asText())
                .isEqualTo("Set the value of a configuration variable and commit the change immediately");
    }

    @Test
    void cfgGetReadsTheRegistrarGroup() throws Exception {
        assertThat(rpc.result("cfg.get", "registrar", "default_expires").asLong()).isEqualTo(3600);
        assertThat(rpc.result("cfg.get", "registrar").fieldNames()).toIterable()
                .containsExactly("default_expires", "min_expires", "max_expires", "max_contacts");
        assertThat(rpc.result("cfg.get", "nope")).hasToString("{}");
        fault(500, "Failed to get the parameters", "cfg.get");
        fault(500, "Failed to get the parameters", "cfg.get", "registrar", 5);
        fault(500, "Failed to get the parameters", "cfg.get", "registrar", NullNode.instance);
        fault(400, "Failed to get the variable", "cfg.get", "registrar", "nope");
        fault(400, "Failed to get the variable", "cfg.get", "registrar", "realm_pref");
        fault(400, "Failed to get the variable", "cfg.get", "nope", "x");
        fault(400, "Failed to get the variable", "cfg.get", "registrar[1]");
        fault(400, "Failed to get the variable", "cfg.get", "registrar[1]", "max_contacts");
        fault(400, "Wrong group syntax. Use either \"group\", or \"group[id]\"", "cfg.get", "registrar[x]");
    }

    @Test
    void cfgSetTakesAnIntegerOrItsTextUnderEveryName() throws Exception {
        assertThat(rpc.result("cfg.set", "registrar", "max_contacts", 11)).hasToString("{}");
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(11);
        rpc.result("cfg.set", "registrar", "max_contacts", "12");
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(12);
        rpc.result("cfg.seti", "registrar", "max_contacts", 13);
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(13);
        rpc.result("cfg.set_now_int", "registrar", "max_contacts", "14");
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(14);
        rpc.result("cfg.sets", "registrar", "max_contacts", "15");
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(15);
        rpc.result("cfg.set_now_string", "registrar", "max_contacts", 10);
        assertThat(rpc.result("cfg.get", "registrar", "max_contacts").asLong()).isEqualTo(10);
        assertThat(rpc.result("stats.get_statistics", "registrar:").toString())
                .contains("registrar:max_contacts = 10");
    }

    @Test
    void cfgSetRefusesWhatKamailioRefusesAndWhatItWouldMisuse() throws Exception {
        String failed = "Failed to set the variable";
        // Kamailio's own faults.
        fault(400, failed, "cfg.set", "registrar", "nope", 1);
        fault(400, failed, "cfg.set", "nope", "x", 1);
        fault(400, failed, "cfg.set", "registrar[1]", "max_contacts", 1);
        fault(400, failed, "cfg.sets", "registrar", "max_contacts", "y");
        fault(400, "Wrong group syntax. Use either \"group\", or \"group[id]\"", "cfg.set", "registrar[x]",
                "max_contacts", 1);
        // Kamailio answers {} and stores 0, 1, -5 or a wrapped number: Locus refuses.
        fault(400, failed, "cfg.set", "registrar", "max_contacts", "abc");
        fault(400, failed, "cfg.seti", "registrar", "max_contacts", 1.5);
        fault(400, failed, "cfg.set", "registrar", "max_expires", -5);
        fault(400, failed, "cfg.set", "registrar", "min_expires", 2147483648L);
        fault(400, failed, "cfg.set", "registrar", "default_expires", 0);
        // Kamailio answers {} and changes nothing.
        assertThat(error("cfg.set", "registrar", "max_contacts").get("code").asInt()).isEqualTo(-32602);
        assertThat(error("cfg.set", "registrar", "max_contacts", true).get("code").asInt()).isEqualTo(-32602);
        assertThat(error("cfg.seti").get("code").asInt()).isEqualTo(-32602);
        assertThat(rpc.result("cfg.get", "registrar")).hasToString(
                "{\"default_expires\":3600,\"min_expires\":60,\"max_expires\":0,\"max_contacts\":10}");
    }

    @Test
    void kamcmdChangesAndReadsTheSettings() throws Exception {
        Kamcmd kamcmd = Kamcmd.at("tcp:" + HOST + ":17518");
        assertThat(kamcmd.print("cfg.set", "registrar", "max_expires", "7200")).isEmpty();
        assertThat(kamcmd.print("cfg.get", "registrar", "max_expires")).isEqualTo("7200\n");
        assertThat(rpc.result("cfg.get", "registrar", "max_expires").asLong()).isEqualTo(7200);
        assertThat(kamcmd.print("cfg.seti", "registrar", "max_expires", "0")).isEmpty();
        assertThat(kamcmd.print("cfg.list", "registrar")).isEqualTo("registrar: default_expires\n"
                + "registrar: min_expires\nregistrar: max_expires\nregistrar: max_contacts\n");
        Kamcmd.Output refused = kamcmd.run("cfg.set", "registrar", "max_expires", "abc");
        assertThat(refused.stdout()).as(refused.toString()).isEqualTo("error: 400 - Failed to set the variable\n");
        assertThat(kamcmd.print("core.echo", "a", "1")).isEqualTo("a\n1\n");
        assertThat(kamcmd.print("core.version")).isEqualTo(rpc.result("core.version").asText() + "\n");
    }

    @Test
    void cfgHelpAndList() throws Exception {
        assertThat(rpc.result("cfg.help", "registrar", "min_expires").asText()).isEqualTo("(parameter type is integer)");
        fault(400, "Failed to get the variable description", "cfg.help", "registrar", "nope");
        fault(400, "Failed to get the variable description", "cfg.help", "registrar[1]", "max_contacts");
        assertThat(error("cfg.help", "registrar").get("code").asInt()).isEqualTo(-32602);
        String all = "[\"registrar: default_expires\",\"registrar: min_expires\",\"registrar: max_expires\","
                + "\"registrar: max_contacts\"]";
        assertThat(rpc.result("cfg.list")).hasToString(all);
        assertThat(rpc.result("cfg.list", "registrar")).hasToString(all);
        assertThat(rpc.result("cfg.list", 5)).hasToString(all);
        assertThat(rpc.result("cfg.list", "usrloc")).hasToString("[]");
        assertThat(rpc.result("cfg.list", "registrar[1]")).hasToString("[]");
    }
}
