package dev.locus.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.node.rpc.Params;
import dev.locus.node.rpc.RpcException;
import dev.locus.node.rpc.RpcLimits;
import dev.locus.node.rpc.RpcMethods;
import dev.locus.node.rpc.RpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** locusctl against a real RpcServer on 127.0.0.1, with its output captured. */
class LocusCtlTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LOOKUP = """
            {"AoR":"trunkuser1","Contacts":[{"Contact":{"Address":"sip:trunk_ok@127.0.0.22:5060","Expires":35,
             "Q":0.5,"Methods":4294967295}}]}""";

    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch release = new CountDownLatch(1);
    private RpcServer server;
    private final List<RpcServer> toClose = new ArrayList<>();
    private String url;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startServer() throws Exception {
        JsonNode lookup = json.readTree(LOOKUP);
        RpcMethods methods = new RpcMethods()
                .register("core.version", "Returns the version string of the server",
                        params -> NODES.textNode("kamailio 5.6.3 (x86_64/linux) "))
                .register("ul.lookup", "Lookup one AOR in the usrloc location table", params -> {
                    if (!params.string(1, "aor").equals("trunkuser1")) {
                        throw new RpcException(500, "AOR not found in location table");
                    }
                    return lookup;
                })
                .register("ul.rm", "Delete a address of record including its contacts", params -> null)
                .register("test.types", "Says how each parameter arrived", LocusCtlTest::types)
                .register("test.slow", "Answers when the test ends", params -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
        server = new RpcServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "/RPC", methods, json, 4096, null);
        server.start();
        url = "http://127.0.0.1:" + server.address().getPort() + "/RPC";
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.close();
        toClose.forEach(RpcServer::close);
    }

    /** Each parameter as "type value", the type being the first of integer, number, string that reads it. */
    private static JsonNode types(Params params) throws RpcException {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < params.size(); i++) {
            try {
                out.add("integer " + params.integer(i, "p"));
            } catch (RpcException notInteger) {
                try {
                    out.add("number " + params.number(i, "p"));
                } catch (RpcException notNumber) {
                    out.add("string " + params.string(i, "p"));
                }
            }
        }
        return out;
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

    private String securedServer(String secret) {
        RpcServer secured = new RpcServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "/RPC",
                new RpcMethods().register("core.version", "Returns the version string of the server",
                        params -> NODES.textNode("locus")),
                json, new RpcLimits(4096, 10, 1 << 20, Duration.ofSeconds(30), 8, Optional.of(secret)), null);
        secured.start();
        toClose.add(secured);
        return "http://127.0.0.1:" + secured.address().getPort() + "/RPC";
    }

    @Test
    void theSecretOptionIsSentAsABearerToken() {
        Run run = ctl("-s", securedServer("s3cret-token"), "--secret", "s3cret-token", "core.version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("locus\n");
    }

    @Test
    void aServerThatRefusesTheSecretSaysSoAndExitsTwo() {
        Run run = ctl("-s", securedServer("s3cret-token"), "core.version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("HTTP 401").contains("LOCUS_CTL_SECRET").doesNotContain("s3cret-token");
    }

    @Test
    void aResultIsPrintedInKamcmdsLayout() {
        Run run = ctl("-s", url, "ul.lookup", "location", "trunkuser1");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("""
                {
                \tAoR: trunkuser1
                \tContacts: {
                \t\tContact: {
                \t\t\tAddress: sip:trunk_ok@127.0.0.22:5060
                \t\t\tExpires: 35
                \t\t\tQ: 0.500000
                \t\t\tMethods: -1
                \t\t}
                \t}
                }
                """);
    }

    @Test
    void aStringResultIsOneLine() {
        Run run = ctl("--server", url, "core.version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("kamailio 5.6.3 (x86_64/linux) \n");
    }

    @Test
    void aCommandThatAddedNothingPrintsNothingAndSucceeds() {
        Run run = ctl("-s", url, "ul.rm", "location", "trunkuser1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void argumentsAreTypedAsKamcmdTypesThem() {
        Run run = ctl("-s", url, "test.types", "5060", "s:5060", "0.5", "-1", "sip:a@b", "1.0");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                integer 5060
                string 5060
                number 0.5
                integer -1
                string sip:a@b
                number 1.0
                """);
    }

    @Test
    void jsonPrintsTheResultAsJson() throws Exception {
        Run run = ctl("-s", url, "--json", "ul.lookup", "location", "trunkuser1");
        assertThat(run.exit()).isZero();
        assertThat(json.readTree(run.out())).isEqualTo(json.readTree(LOOKUP));
        assertThat(run.out()).contains("\n  \"AoR\" : \"trunkuser1\"");
    }

    @Test
    void anErrorReplyIsPrintedAsKamcmdDoesAndExitsOne() {
        Run run = ctl("-s", url, "ul.lookup", "location", "nobody");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: 500 - AOR not found in location table" + System.lineSeparator());
    }

    @Test
    void anUnknownMethodIsAnErrorReplyToo() {
        Run run = ctl("-s", url, "no.such");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().trim()).isEqualTo("error: -32601 - Method not found: no.such");
    }

    @Test
    void anUnreachableServerIsNamedAndExitsTwo() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + port + "/RPC";
        Run run = ctl("-s", nowhere, "core.version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().trim()).isEqualTo("locusctl: cannot connect to " + nowhere + ": connection refused");
    }

    @Test
    void anAnswerThatIsNotJsonRpcExitsTwo() {
        String wrongPath = url.replace("/RPC", "/other");
        Run run = ctl("-s", wrongPath, "core.version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().trim()).isEqualTo("locusctl: " + wrongPath + " answered HTTP 404, not a JSON-RPC response");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeExitsTwo() {
        Run run = ctl("-s", url, "--timeout", "1", "test.slow");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().trim()).isEqualTo("locusctl: no answer from " + url + " within 1 s");
    }

    @Test
    void aServerThatIsNotAnHttpUrlIsAUsageError() {
        Run run = ctl("-s", "unixs:/run/kamailio/kamailio_ctl", "core.version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--server must be an http:// URL, not unixs:/run/kamailio/kamailio_ctl");
    }

    @Test
    void aMissingMethodIsAUsageError() {
        Run run = ctl("-s", url);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("METHOD");
    }
}
