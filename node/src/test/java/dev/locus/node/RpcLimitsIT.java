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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    void binLocusctlTakesTheSecretFromLocusCtlSecretInItsEnvironment() throws Exception {
        assertThat(locusctl(Map.of("LOCUS_CTL_SECRET", SECRET)).exit()).isZero();
        Run refused = locusctl(Map.of());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.output()).contains("HTTP 401");
    }

    private record Run(int exit, String output) {
    }

    /** The script an operator runs, in a process of its own, so the variable is read as it will be. */
    private static Run locusctl(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of("..", "bin", "locusctl").toString(),
                "-s", rpc.uri().toString(), "core.version").redirectErrorStream(true);
        builder.environment().remove("LOCUS_CTL_SECRET");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
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
