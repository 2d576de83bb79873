package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.cli.LocusCtl;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kamailio RPC dialect over real HTTP, and locusctl against a real node. */
class RpcIT {

    private static final String HOST = "127.0.0.22";
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNodes.start(TestNodes.settings(HOST, 15722), Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060))) {
            ua.request(Register.of("dumped", "example.com").contact("<sip:dumped@192.0.2.1:5060>;q=0.5")
                    .header("Supported: path").header("Path: <sip:edge;lr>").expires(600).to(ua));
        }
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void ulDumpHasKamailiosShapeAndContactMembersInKamailiosOrder() throws Exception {
        JsonNode domain = rpc.result("ul.dump").at("/Domains/0/Domain");
        assertThat(domain.get("Domain").asText()).isEqualTo("location");
        assertThat(domain.get("Size").asInt()).isEqualTo(1024);
        JsonNode info = null;
        for (JsonNode aor : domain.get("AoRs")) {
            if (aor.at("/Info/AoR").asText().equals("dumped")) {
                info = aor.get("Info");
            }
        }
        assertThat(info).isNotNull();
        assertThat(fieldNames(info)).containsExactly("AoR", "HashID", "Contacts");
        JsonNode contact = info.at("/Contacts/0/Contact");
        assertThat(fieldNames(contact)).containsExactly("Address", "Expires", "Q", "Call-ID", "CSeq", "User-Agent",
                "Received", "Path", "State", "Flags", "CFlags", "Socket", "Methods", "Ruid", "Instance", "Reg-Id",
                "Server-Id", "Tcpconn-Id", "Keepalive", "Last-Keepalive", "KA-Roundtrip", "Last-Modified");
        assertThat(contact.get("Q").asDouble()).isEqualTo(0.5);
        assertThat(contact.get("Path").asText()).isEqualTo("<sip:edge;lr>");
        assertThat(contact.get("Instance").asText()).isEqualTo("[not set]");
        assertThat(contact.get("Methods").asLong()).isEqualTo(4294967295L);
        assertThat(domain.at("/Stats/Records").asInt()).isEqualTo(domain.get("AoRs").size());
    }

    @Test
    void ulDumpBriefListsOnlyAors() throws Exception {
        JsonNode aors = rpc.result("ul.dump", "brief").at("/Domains/0/Domain/AoRs");
        List<String> names = new ArrayList<>();
        aors.forEach(a -> {
            assertThat(fieldNames(a)).containsExactly("AoR");
            names.add(a.get("AoR").asText());
        });
        assertThat(names).contains("dumped");
    }

    @Test
    void lookupOfAnUnknownAorIsKamailiosError() throws Exception {
        JsonNode error = rpc.call("ul.lookup", "location", "nobody").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(500);
        assertThat(error.get("message").asText()).isEqualTo("AOR not found in location table");
        assertThat(rpc.call("ul.lookup", "nosuchtable", "dumped").at("/error/message").asText())
                .isEqualTo("Domain table not found");
    }

    @Test
    void lookupNormalisesTheAorAsTyped() throws Exception {
        assertThat(rpc.result("ul.lookup", "location", "sip:Dumped@example.com").get("AoR").asText()).isEqualTo("dumped");
    }

    @Test
    void ulAddStoresEveryFieldAndRmContactRemovesIt() throws Exception {
        assertThat(rpc.result("ul.add", "location", "added", "sip:added@192.0.2.22:5098", 0, 1.0, "<sip:192.0.2.21;lr>",
                0, 0, 4294967295L, "sip:192.0.2.22:5098", "udp:127.0.0.22:5060")).isEmpty();
        JsonNode c = rpc.result("ul.lookup", "location", "added").at("/Contacts/0/Contact");
        assertThat(c.get("Expires").asText()).isEqualTo("permanent");
        assertThat(c.get("Q").asInt()).isEqualTo(1);
        assertThat(c.get("Received").asText()).isEqualTo("sip:192.0.2.22:5098");
        assertThat(c.get("Path").asText()).isEqualTo("<sip:192.0.2.21;lr>");
        assertThat(c.get("Socket").asText()).isEqualTo("udp:127.0.0.22:5060");

        assertThat(rpc.call("ul.rm_contact", "location", "added", "sip:other@192.0.2.22").at("/error/code").asInt()).isEqualTo(404);
        assertThat(rpc.call("ul.rm_contact", "location", "added", "sip:other@192.0.2.22").at("/error/message").asText())
                .isEqualTo("Contact not found");
        assertThat(rpc.result("ul.rm_contact", "location", "added", "sip:added@192.0.2.22:5098")).isEmpty();
        assertThat(rpc.call("ul.rm_contact", "location", "added", "sip:added@192.0.2.22:5098").at("/error/message").asText())
                .isEqualTo("AOR not found");
    }

    @Test
    void ulAddWithAStringForANumberIsAnInvalidParamsError() throws Exception {
        JsonNode error = rpc.call("ul.add", "location", "typed", "sip:typed@192.0.2.1", "120", 0.5, ".", 0, 0, 31).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).contains("expires").contains("integer");
        assertThat(rpc.lookupContacts("typed")).isEmpty();
    }

    @Test
    void ulAddWithTooFewParamsIsAnInvalidParamsError() throws Exception {
        assertThat(rpc.call("ul.add", "location", "few").at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void ulRmRemovesTheAorAndIsQuietForAnUnknownOne() throws Exception {
        rpc.result("ul.add", "location", "removed", "sip:removed@192.0.2.1", 600, -1, ".", 0, 0, 31);
        assertThat(rpc.lookupContacts("removed")).hasSize(1);
        assertThat(rpc.result("ul.rm", "location", "removed")).isEmpty();
        assertThat(rpc.lookupContacts("removed")).isEmpty();
        assertThat(rpc.result("ul.rm", "location", "never-there")).isEmpty();
        assertThat(rpc.result("ul.flush")).isEmpty();
    }

    @Test
    void expiryRandomisationStatisticsReadAsAKamailioWithItsDefaults() throws Exception {
        assertThat(rpc.result("stats.get_statistics", "default_expires_range", "expires_range"))
                .extracting(JsonNode::asText)
                .containsExactly("registrar:default_expires_range = 0", "registrar:expires_range = 0");
    }

    @Test
    void statisticsAnswerByGroupByNameAndAll() throws Exception {
        List<String> usrloc = new ArrayList<>();
        rpc.result("stats.get_statistics", "usrloc:").forEach(s -> usrloc.add(s.asText().replaceAll(" = .*", "")));
        assertThat(usrloc).containsExactly("usrloc:location_contacts", "usrloc:location_expires",
                "usrloc:location_users", "usrloc:registered_users");
        assertThat(rpc.result("stats.get_statistics", "registered_users", "accepted_regs")).hasSize(2);
        assertThat(rpc.result("stats.get_statistics", "all").size()).isGreaterThan(usrloc.size());
        assertThat(rpc.result("stats.get_statistics", "nosuch")).isEmpty();
        JsonNode error = rpc.call("stats.get_statistics").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isEqualTo("Please provide which stats to retrieve");
    }

    @Test
    void coreAndSystemMethodsAnswer() throws Exception {
        assertThat(rpc.result("core.version").asText()).startsWith("locus ");
        JsonNode uptime = rpc.result("core.uptime");
        assertThat(uptime.get("uptime").asLong()).isNotNegative();
        assertThat(uptime.get("now").asText()).matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}");
        List<String> methods = new ArrayList<>();
        rpc.result("system.listMethods").forEach(m -> methods.add(m.asText()));
        assertThat(methods).isSorted().contains("ul.dump", "ul.lookup", "ul.rm", "ul.rm_contact", "ul.add", "ul.flush",
                "stats.get_statistics", "core.version", "core.uptime", "system.listMethods", "system.methodHelp");
        assertThat(rpc.result("system.methodHelp", "ul.dump").asText()).isEqualTo("Dump user location tables");
    }

    @Test
    void protocolErrorsUseJsonRpcCodes() throws Exception {
        HttpResponse<JsonNode> parse = rpc.post("{not json");
        assertThat(parse.statusCode()).isEqualTo(200);
        assertThat(parse.body().at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(parse.body().get("id").isNull()).isTrue();
        assertThat(rpc.post("{\"method\":\"core.version\",\"id\":7}").body().at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(rpc.post("{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"params\":3,\"id\":7}").body()
                .at("/error/code").asInt()).isEqualTo(-32600);
        JsonNode unknown = rpc.post("{\"jsonrpc\":\"2.0\",\"method\":\"no.such\",\"id\":\"x\"}").body();
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(unknown.get("id").asText()).isEqualTo("x");
    }

    @Test
    void batchesMixResultsAndErrorsAndSkipNotifications() throws Exception {
        JsonNode batch = rpc.post("""
                [{"jsonrpc":"2.0","method":"core.version","id":1},
                 {"jsonrpc":"2.0","method":"no.such","id":2},
                 {"jsonrpc":"2.0","method":"core.version"}]""").body();
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).has("result")).isTrue();
        assertThat(batch.get(1).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(rpc.post("{\"jsonrpc\":\"2.0\",\"method\":\"core.version\"}").statusCode()).isEqualTo(204);
        assertThat(rpc.post("[]").body().at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void namedParamsAreTakenInOrder() throws Exception {
        JsonNode r = rpc.post("{\"jsonrpc\":\"2.0\",\"method\":\"ul.lookup\",\"params\":{\"table\":\"location\",\"aor\":\"dumped\"},\"id\":1}").body();
        assertThat(r.at("/result/AoR").asText()).isEqualTo("dumped");
    }

    @Test
    void httpItselfIsGuarded() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(rpc.uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        URI other = URI.create(rpc.uri().toString().replace("/RPC", "/other"));
        assertThat(http.send(HttpRequest.newBuilder(other).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        String huge = "{\"jsonrpc\":\"2.0\",\"method\":\"core.version\",\"params\":[\"" + "x".repeat(2 << 20) + "\"],\"id\":1}";
        HttpResponse<JsonNode> tooBig = rpc.post(huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body().at("/error/message").asText()).contains("exceeds");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LocusCtl());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void locusctlPrintsKamcmdsLayout() {
        Run run = ctl("-s", rpc.uri().toString(), "ul.lookup", "location", "dumped");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("{\n\tAoR: dumped\n\tContacts: {\n\t\tContact: {\n\t\t\tAddress: sip:dumped@192.0.2.1:5060\n");
        assertThat(run.out()).contains("\t\t\tQ: 0.500000\n").contains("\t\t\tMethods: -1\n");
    }

    @Test
    void locusctlPrintsRawJsonOnRequest() {
        Run run = ctl("-s", rpc.uri().toString(), "--json", "core.version");
        assertThat(run.exit()).isZero();
        assertThat(run.out().trim()).startsWith("\"locus ");
    }

    @Test
    void locusctlExitsNonZeroOnAnErrorReply() {
        Run run = ctl("-s", rpc.uri().toString(), "ul.lookup", "location", "nobody");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().trim()).isEqualTo("error: 500 - AOR not found in location table");
    }

    @Test
    void locusctlSaysWhichServerItCannotReach() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Run run = ctl("-s", "http://127.0.0.1:" + port + "/RPC", "core.version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("127.0.0.1:" + port);
    }
}
