package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same core.*, corex.list_sockets, system.* and cfg.* calls to a live Kamailio 5.6 ({@code kamailio-rpc.cfg}:
 * jsonrpcs, cfg_rpc, corex, usrloc, registrar, on 127.0.0.184) and to a Locus node (127.0.0.190) configured alike
 * (default_expires 3600, min_expires 60, max_expires 0, max_contacts 10): equal answers where Locus has the same
 * thing to say, equal shapes where the content is the machine's own (threads for processes, sockets).
 */
class CoreRpcKamailioIT {

    private static final String KAMAILIO = "127.0.0.184";
    private static final String LOCUS = "127.0.0.190";

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode locus;
    private static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        kamailio = Kamailio.rpcNode(KAMAILIO, dir).start();
        Map<String, String> s = TestNodes.settings(LOCUS, 17515);
        s.put("sip.listen", "udp:" + LOCUS + ":17516,tcp:" + LOCUS + ":17516");
        s.put("rpc.port", "17517");
        locus = TestNodes.start(s, Clock.systemUTC());
        rpc = new RpcClient(locus.rpcAddress());
    }

    @AfterAll
    static void stop() throws Exception {
        if (locus != null) {
            locus.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private record Both(JsonNode kamailio, JsonNode locus) {
    }

    /** Each side's result, or its error. */
    private static Both both(String method, Object... params) throws Exception {
        JsonNode k = kamailio.rpc(method, params);
        JsonNode l = rpc.call(method, params);
        return new Both(k.has("error") ? k.get("error") : k.get("result"),
                l.has("error") ? l.get("error") : l.get("result"));
    }

    private static void same(String method, Object... params) throws Exception {
        Both b = both(method, params);
        assertThat(b.locus()).as(method + " " + List.of(params)).isEqualTo(b.kamailio());
    }

    private static List<String> members(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void versionAndInfoHaveKamailiosFormat() throws Exception {
        Both version = both("core.version");
        String line = "\\S+ \\S+ \\([a-z0-9_]+/[a-z]+\\) ";
        assertThat(version.kamailio().asText()).matches(line).startsWith("kamailio 5.6");
        assertThat(version.locus().asText()).matches(line).startsWith("locus ");
        assertThat(version.locus().asText().replaceFirst("^\\S+ \\S+ ", ""))
                .as("the same machine, named alike").isEqualTo(version.kamailio().asText().replaceFirst("^\\S+ \\S+ ", ""));
        Both info = both("core.info");
        assertThat(members(info.locus())).isEqualTo(members(info.kamailio()));
        info.locus().forEach(v -> assertThat(v.isTextual()).isTrue());
    }

    @Test
    void echoAnswersAlike() throws Exception {
        same("core.echo", "a", 1, "b");
        same("core.echo");
        same("core.echo", 2.9);
        same("core.echo", "a", NullNode.instance, "b");
        same("core.echo", "a", List.of(1), "b");
    }

    @Test
    void processesAndThreadsHaveTheSameShape() throws Exception {
        Both psx = both("core.psx");
        for (JsonNode t : psx.locus()) {
            assertThat(members(t)).isEqualTo(members(psx.kamailio().get(0)));
            assertThat(t.get("PID").getNodeType()).isEqualTo(psx.kamailio().get(0).get("PID").getNodeType());
            assertThat(t.get("IDX").getNodeType()).isEqualTo(psx.kamailio().get(0).get("IDX").getNodeType());
        }
        Both ps = both("core.ps");
        assertThat(ps.locus().get(0).getNodeType()).isEqualTo(ps.kamailio().get(0).getNodeType());
        assertThat(ps.locus().get(1).getNodeType()).isEqualTo(ps.kamailio().get(1).getNodeType());
    }

    @Test
    void socketsHaveTheSameShape() throws Exception {
        Both list = both("core.sockets_list");
        JsonNode kUdp = list.kamailio().get(0).get("socket");
        JsonNode lUdp = list.locus().get(0).get("socket");
        assertThat(members(lUdp)).isEqualTo(members(kUdp));
        assertThat(lUdp.get("proto")).isEqualTo(kUdp.get("proto"));
        assertThat(lUdp.get("port").asText()).isEqualTo("17516");
        for (String flag : List.of("mcast", "mhomed", "virtual")) {
            assertThat(lUdp.get(flag)).isEqualTo(kUdp.get(flag));
        }
        Both corex = both("corex.list_sockets");
        JsonNode k = corex.kamailio().get(0);
        JsonNode l = corex.locus().get(0);
        assertThat(members(l)).isEqualTo(members(k));
        assertThat(members(l.get("ADDRLIST"))).isEqualTo(members(k.get("ADDRLIST")));
        for (String same : List.of("PROTO", "MCAST", "MHOMED", "VIRTUAL", "SOCKNAME", "ADVERTISE")) {
            assertThat(l.get(same)).as(same).isEqualTo(k.get(same));
        }
        assertThat(corex.locus().get(1).get("PROTO")).isEqualTo(corex.kamailio().get(1).get("PROTO"));
    }

    @Test
    void systemMethodsAnswerAlike() throws Exception {
        same("system.methodSignature", "core.echo");
        same("system.methodSignature");
        for (String method : List.of("core.version", "core.info", "core.uptime", "core.echo", "core.psx", "core.ps",
                "core.sockets_list", "corex.list_sockets", "system.methodSignature", "system.listMethods",
                "system.methodHelp", "cfg.set", "cfg.seti", "cfg.set_now_int", "cfg.sets", "cfg.set_now_string",
                "cfg.get", "cfg.help", "cfg.list")) {
            same("system.methodHelp", method);
        }
    }

    @Test
    void cfgAnswersAlike() throws Exception {
        for (String name : List.of("default_expires", "min_expires", "max_expires", "max_contacts")) {
            same("cfg.get", "registrar", name);
            same("cfg.help", "registrar", name);
        }
        Both group = both("cfg.get", "registrar");
        List<String> ours = members(group.locus());
        assertThat(members(group.kamailio())).containsSubsequence(ours);
        ours.forEach(name -> assertThat(group.locus().get(name)).isEqualTo(group.kamailio().get(name)));
        Both list = both("cfg.list", "registrar");
        List<JsonNode> kamailios = new ArrayList<>();
        list.kamailio().forEach(v -> {
            if (ours.stream().anyMatch(name -> v.asText().equals("registrar: " + name))) {
                kamailios.add(v);
            }
        });
        assertThat(list.locus()).containsExactlyElementsOf(kamailios);

        same("cfg.get");
        same("cfg.get", "registrar", 5);
        same("cfg.get", "registrar", NullNode.instance);
        same("cfg.get", "registrar", "nope");
        same("cfg.get", "nope", "x");
        same("cfg.get", "nope");
        same("cfg.get", "registrar[1]");
        same("cfg.get", "registrar[1]", "max_contacts");
        same("cfg.get", "registrar[x]");
        same("cfg.help", "registrar", "nope");
        same("cfg.help", "registrar[1]", "max_contacts");
        same("cfg.list", "nope");
        same("cfg.list", "usrloc");
        same("cfg.list", "registrar[1]");
        same("cfg.set", "registrar", "nope", 1);
        same("cfg.set", "nope", "x", 1);
        same("cfg.set", "registrar[1]", "max_contacts", 1);
        same("cfg.set", "registrar[x]", "max_contacts", 1);
        same("cfg.sets", "registrar", "max_contacts", "y");

        same("cfg.set", "registrar", "default_expires", 120);
        same("cfg.get", "registrar", "default_expires");
        same("cfg.seti", "registrar", "min_expires", 30);
        same("cfg.get", "registrar", "min_expires");
        same("cfg.sets", "registrar", "max_expires", "7200");
        same("cfg.get", "registrar", "max_expires");
        same("cfg.set_now_int", "registrar", "max_contacts", 3);
        same("cfg.get", "registrar", "max_contacts");

        // Where Locus refuses: Kamailio answers {} and stores the value, or nothing.
        Both negative = both("cfg.set", "registrar", "max_contacts", -3);
        assertThat(negative.kamailio()).hasToString("{}");
        assertThat(negative.locus().get("code").asInt()).isEqualTo(400);
        Both text = both("cfg.seti", "registrar", "max_contacts", "4");
        assertThat(text.kamailio()).hasToString("{}");
        assertThat(text.locus()).hasToString("{}");
        assertThat(both("cfg.get", "registrar", "max_contacts"))
                .as("Kamailio's JSON-RPC reads a string given to an integer as 0; Locus reads its number")
                .isEqualTo(new Both(JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(4)));
        Both missing = both("cfg.set", "registrar", "max_contacts");
        assertThat(missing.kamailio()).hasToString("{}");
        assertThat(missing.locus().get("code").asInt()).isEqualTo(-32602);
    }
}
