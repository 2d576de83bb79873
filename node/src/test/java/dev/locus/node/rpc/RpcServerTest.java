package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The JSON-RPC endpoint over a real socket on 127.0.0.1, driven by the JDK's HTTP client. */
class RpcServerTest {

    private static final int MAX_BODY = 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger notified = new AtomicInteger();
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicReference<Thread> lastThread = new AtomicReference<>();
    /** What test.delayed answers, once the test completes it (from its own thread, as a SIP thread would). */
    private final java.util.concurrent.CompletableFuture<JsonNode> later = new java.util.concurrent.CompletableFuture<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private URI uri;

    @BeforeEach
    void startServer() throws Exception {
        uri = uriOf(started(null));
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RpcMethods methods() {
        return new RpcMethods()
                .register("test.hello", "Says hello", params -> NODES.textNode("hello"))
                .register("test.add", "Adds two integers", params -> NODES.numberNode(params.integer(0, "a") + params.integer(1, "b")))
                .register("test.fail", "Fails as ul.lookup does for an unknown AOR", params -> {
                    throw new RpcException(500, "AOR not found in location table");
                })
                .register("test.broken", "Has a bug", params -> {
                    throw new IllegalStateException("secret detail");
                })
                .register("test.nothing", "Adds nothing", params -> null)
                .register("test.unserialisable", "Returns what JSON cannot hold", params -> NODES.pojoNode(new Object()))
                .register("test.notified", "Counts calls", params -> NODES.numberNode(notified.incrementAndGet()))
                .register("test.big", "Answers with N characters", params -> NODES.textNode("x".repeat((int) params.integer(0, "n"))))
                .register("test.held", "Works until the test releases it", params -> {
                    try {
                        if (!held.await(30, TimeUnit.SECONDS)) {
                            return NODES.textNode("never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return NODES.textNode("done");
                })
                .register("test.delayed", "Answered when the test says", RpcMethod.delayed(params -> later))
                .register("test.thread", "Names the thread it runs on", params -> {
                    lastThread.set(Thread.currentThread());
                    return NODES.textNode(Thread.currentThread().getName());
                });
    }

    private RpcServer started(ExecutorService executor) {
        RpcServer server = new RpcServer(new InetSocketAddress(loopback(), 0), "/RPC", methods(), json, MAX_BODY, executor);
        toClose.add(server);
        server.start();
        return server;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    private static URI uriOf(RpcServer server) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/RPC");
    }

    private HttpResponse<String> post(URI target, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode answer(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = post(uri, body);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode call(String method, String params) throws IOException, InterruptedException {
        return answer("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":1}");
    }

    @Test
    void aCallIsAnsweredWithItsResultAndItsId() throws Exception {
        HttpResponse<String> response = post(uri, "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":7}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.readTree(response.body()))
                .isEqualTo(json.readTree("{\"jsonrpc\":\"2.0\",\"result\":\"hello\",\"id\":7}"));
    }

    @Test
    void aStringIdIsEchoedAsAString() throws Exception {
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":\"abc\"}").get("id").textValue())
                .isEqualTo("abc");
    }

    @Test
    void positionalParamsReachTheMethod() throws Exception {
        assertThat(call("test.add", "[2, 40]").get("result").asLong()).isEqualTo(42);
    }

    @Test
    void namedParamsAreTakenInOrder() throws Exception {
        assertThat(call("test.add", "{\"a\": 2, \"b\": 40}").get("result").asLong()).isEqualTo(42);
    }

    @Test
    void aStringWhereAnIntegerIsExpectedIsInvalidParams() throws Exception {
        JsonNode error = call("test.add", "[2, \"40\"]").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).isEqualTo("parameter b (position 2) must be an integer, not string \"40\"");
    }

    @Test
    void aMissingParamIsInvalidParamsNamingIt() throws Exception {
        JsonNode error = call("test.add", "[2]").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).isEqualTo("missing parameter b (position 2)");
    }

    @Test
    void anUnknownMethodIsMethodNotFoundWithTheIdEchoed() throws Exception {
        JsonNode response = answer("{\"jsonrpc\":\"2.0\",\"method\":\"no.such\",\"id\":\"x\"}");
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(response.at("/error/message").asText()).isEqualTo("Method not found: no.such");
        assertThat(response.get("id").asText()).isEqualTo("x");
    }

    @Test
    void aMethodsOwnFaultKeepsKamailiosCodeAndMessageUnderHttp200() throws Exception {
        JsonNode response = call("test.fail", "[]");
        assertThat(response.get("error")).isEqualTo(json.readTree("{\"code\":500,\"message\":\"AOR not found in location table\"}"));
        assertThat(response.has("result")).isFalse();
        assertThat(response.get("id").asInt()).isEqualTo(1);
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorThatTellsTheClientNothingMore() throws Exception {
        HttpResponse<String> response = post(uri, "{\"jsonrpc\":\"2.0\",\"method\":\"test.broken\",\"id\":3}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("error"))
                .isEqualTo(json.readTree("{\"code\":-32603,\"message\":\"Internal error\"}"));
        assertThat(response.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }

    @Test
    void aResultThatCannotBeSerialisedIsAnInternalError() throws Exception {
        JsonNode response = call("test.unserialisable", "[]");
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32603);
    }

    @Test
    void aMethodThatAddsNothingAnswersAnEmptyObject() throws Exception {
        assertThat(call("test.nothing", "[]").get("result")).isEqualTo(json.createObjectNode());
    }

    @Test
    void malformedJsonIsAParseErrorWithANullId() throws Exception {
        JsonNode response = answer("{\"jsonrpc\":\"2.0\",\"method\":");
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(response.at("/error/message").asText()).startsWith("Parse error: ");
        assertThat(response.get("id").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1} trailing",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"method\":\"test.fail\",\"id\":1}"})
    void anEmptyBodyTrailingTextOrADuplicateMemberIsAParseError(String body) throws Exception {
        assertThat(answer(body).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1", "\"text\"", "null",
            "{\"method\":\"test.hello\",\"id\":1}",
            "{\"jsonrpc\":\"1.0\",\"method\":\"test.hello\",\"id\":1}",
            "{\"jsonrpc\":2.0,\"method\":\"test.hello\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"params\":3,\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"params\":\"x\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":{}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":true}"})
    void aDocumentThatIsNotAValidRequestIsInvalidRequest(String body) throws Exception {
        JsonNode response = answer(body);
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(response.at("/error/message").asText()).startsWith("Invalid Request: ");
        assertThat(response.has("id")).isTrue();
    }

    @Test
    void anInvalidRequestEchoesAUsableIdAndNullsAnUnusableOne() throws Exception {
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"params\":[],\"id\":9}").get("id").asInt()).isEqualTo(9);
        assertThat(answer("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":[9]}").get("id").isNull()).isTrue();
    }

    @Test
    void aBatchAnswersEachRequestInOrderMixingResultsAndErrors() throws Exception {
        HttpResponse<String> response = post(uri, """
                [{"jsonrpc":"2.0","method":"test.add","params":[1,2],"id":1},
                 {"jsonrpc":"2.0","method":"no.such","id":2},
                 {"jsonrpc":"2.0","method":"test.notified"},
                 7,
                 {"jsonrpc":"2.0","method":"test.fail","id":"four"}]""");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree("""
                [{"jsonrpc":"2.0","result":3,"id":1},
                 {"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found: no.such"},"id":2},
                 {"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request: not a JSON object"},"id":null},
                 {"jsonrpc":"2.0","error":{"code":500,"message":"AOR not found in location table"},"id":"four"}]"""));
        assertThat(notified).hasValue(1);
    }

    @Test
    void anEmptyBatchIsASingleInvalidRequestError() throws Exception {
        JsonNode response = answer("[]");
        assertThat(response.isObject()).isTrue();
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aNotificationRunsAndIsAnsweredWithNoContent() throws Exception {
        HttpResponse<String> response = post(uri, "{\"jsonrpc\":\"2.0\",\"method\":\"test.notified\"}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(notified).hasValue(1);
    }

    @Test
    void aBatchOfNotificationsOnlyIsAnsweredWithNoContent() throws Exception {
        HttpResponse<String> response = post(uri, """
                [{"jsonrpc":"2.0","method":"test.notified"},{"jsonrpc":"2.0","method":"no.such"}]""");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(notified).hasValue(1);
    }

    @Test
    void aNullIdIsARequestNotANotification() throws Exception {
        JsonNode response = answer("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":null}");
        assertThat(response.get("result").asText()).isEqualTo("hello");
        assertThat(response.get("id").isNull()).isTrue();
    }

    @Test
    void aBodyAtTheLimitIsServed() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1}";
        String body = call + " ".repeat(MAX_BODY - call.length());
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY);
        assertThat(answer(body).get("result").asText()).isEqualTo("hello");
    }

    @Test
    void aBodyOverTheLimitIs413WithAJsonRpcError() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"params\":[\"" + "x".repeat(4 * MAX_BODY) + "\"],\"id\":1}";
        HttpResponse<String> response = post(uri, body);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(json.readTree(response.body())).isEqualTo(json.readTree("""
                {"jsonrpc":"2.0","error":{"code":-32600,"message":"Request body exceeds 1024 bytes"},"id":null}"""));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        byte[] body = ("[" + "1,".repeat(MAX_BODY) + "1]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aBodyFarOverTheLimitSentWholeBeforeReadingStillGets413() throws Exception {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000); // a bound on the test, not a measurement
            int length = 32 << 20; // far beyond the socket buffers: a server that does not read it breaks the pipe
            socket.getOutputStream().write(("POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int sent = 0; sent < length; sent += chunk.length) {
                socket.getOutputStream().write(chunk);
            }
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void getIsMethodNotAllowedAndSaysPost() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/other", "/RPC/sub", "/RPC2", "/rpc"})
    void anyOtherPathIsNotFound(String path) throws Exception {
        HttpResponse<String> response = post(uri.resolve(path), "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1}");
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void listMethodsNamesEveryMethodSorted() throws Exception {
        List<String> names = new ArrayList<>();
        call("system.listMethods", "[]").get("result").forEach(n -> names.add(n.asText()));
        assertThat(names).isSorted()
                .contains("system.listMethods", "system.methodHelp", "test.add", "test.hello")
                .hasSize(13);
    }

    @Test
    void methodHelpAnswersTheRegisteredText() throws Exception {
        assertThat(call("system.methodHelp", "[\"test.add\"]").get("result").asText()).isEqualTo("Adds two integers");
        JsonNode error = call("system.methodHelp", "[\"no.such\"]").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).isEqualTo("no such method: no.such");
    }

    @Test
    void withoutAnExecutorMethodsRunOnTheServersNamedThreads() throws Exception {
        assertThat(call("test.thread", "[]").get("result").asText()).matches("locus-rpc-\\d+");
    }

    @Test
    void methodsRunOnTheGivenExecutor() throws Exception {
        ExecutorService given = Executors.newSingleThreadExecutor(task -> new Thread(task, "given-rpc"));
        toClose.add(given::shutdownNow);
        URI other = uriOf(started(given));
        JsonNode response = json.readTree(post(other, "{\"jsonrpc\":\"2.0\",\"method\":\"test.thread\",\"id\":1}").body());
        assertThat(response.get("result").asText()).isEqualTo("given-rpc");
    }

    @Test
    void aDelayedMethodHoldsNoThreadWhileItWaitsAndTheBatchGoesOnInOrderOnTheExecutor() throws Exception {
        ExecutorService given = Executors.newSingleThreadExecutor(task -> new Thread(task, "given-rpc"));
        toClose.add(given::shutdownNow);
        URI other = uriOf(started(given));
        var waiting = http.sendAsync(HttpRequest.newBuilder(other).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"test.delayed\",\"id\":2},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"test.thread\",\"id\":3}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        // The one RPC thread is free while the batch waits: another call is answered meanwhile.
        JsonNode meanwhile = json.readTree(post(other, "{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":9}").body());
        assertThat(meanwhile.get("result").asText()).isEqualTo("hello");
        assertThat(waiting).isNotDone();
        later.complete(NODES.textNode("late"));
        JsonNode batch = json.readTree(waiting.get(10, TimeUnit.SECONDS).body());
        assertThat(batch.toString()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":\"hello\",\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":\"late\",\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"result\":\"given-rpc\",\"id\":3}]");
    }

    @Test
    void aDelayedMethodsFailureIsItsError() throws Exception {
        later.completeExceptionally(new RpcException(400, "To missing"));
        JsonNode error = call("test.delayed", "[]").get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isEqualTo("To missing");
    }

    @Test
    void theBoundPortIsKnownWhenPortZeroWasAsked() {
        assertThat(uri.getPort()).isPositive();
    }

    @Test
    void closeStopsListeningAndEndsTheOwnThreads() throws Exception {
        RpcServer server = started(null);
        URI target = uriOf(server);
        post(target, "{\"jsonrpc\":\"2.0\",\"method\":\"test.thread\",\"id\":1}");
        Thread worker = lastThread.get();

        server.close();

        await().atMost(ofSeconds(5)).until(() -> !worker.isAlive());
        assertThatThrownBy(() -> post(target, "{}")).isInstanceOf(ConnectException.class);
        server.close(); // twice is harmless
    }

    @Test
    void aServerClosedBeforeStartingReleasesItsPort() throws Exception {
        RpcServer server = new RpcServer(new InetSocketAddress(loopback(), 0), "/RPC", methods(), json, MAX_BODY, null);
        InetSocketAddress address = server.address();
        server.close();
        try (java.net.ServerSocket again = new java.net.ServerSocket(address.getPort(), 1, address.getAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(address.getPort());
        }
    }

    private URI startedWith(RpcLimits limits) {
        RpcServer server = new RpcServer(new InetSocketAddress(loopback(), 0), "/RPC", methods(), json, limits, null);
        toClose.add(server);
        server.start();
        return uriOf(server);
    }

    private static RpcLimits limits(int maxBatch, int maxResponseBytes, Duration idleTimeout, Optional<String> secret) {
        return new RpcLimits(MAX_BODY, maxBatch, maxResponseBytes, idleTimeout, 64, secret);
    }

    @Test
    void aBatchBeyondTheLimitRunsOnlyTheFirstRequestsAndAnswersEachOtherWithAnError() throws Exception {
        URI limited = startedWith(limits(3, 1 << 20, Duration.ofSeconds(30), Optional.empty()));
        StringBuilder batch = new StringBuilder("[");
        for (int id = 1; id <= 5; id++) {
            batch.append(id == 1 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"method\":\"test.notified\",\"id\":").append(id).append('}');
        }
        JsonNode answers = json.readTree(post(limited, batch.append(']').toString()).body());

        assertThat(notified.get()).isEqualTo(3);
        assertThat(answers).hasSize(5);
        assertThat(answers.get(2).get("result").asInt()).isEqualTo(3);
        assertThat(answers.get(3)).isEqualTo(json.readTree("""
                {"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request: batch exceeds 3 requests (rpc.max_batch); not run"},"id":4}"""));
        assertThat(answers.get(4).get("id").asInt()).isEqualTo(5);
        assertThat(answers.get(4).get("error").get("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void anAnswerLargerThanTheResponseLimitIsReplacedByAnErrorAndTheAnswersBeforeItKept() throws Exception {
        URI limited = startedWith(limits(100, 4096, Duration.ofSeconds(30), Optional.empty()));
        JsonNode answers = json.readTree(post(limited, """
                [{"jsonrpc":"2.0","method":"test.big","params":[10],"id":1},
                 {"jsonrpc":"2.0","method":"test.big","params":[100000],"id":2}]""").body());

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).get("result").asText()).hasSize(10);
        assertThat(answers.get(1)).isEqualTo(json.readTree("""
                {"jsonrpc":"2.0","error":{"code":-32000,"message":"Response too large: exceeds 4096 bytes"},"id":2}"""));
    }

    @Test
    void afterAnAnswerTooLargeTheRestOfTheBatchIsNotRun() throws Exception {
        URI limited = startedWith(limits(100, 4096, Duration.ofSeconds(30), Optional.empty()));
        JsonNode answers = json.readTree(post(limited, """
                [{"jsonrpc":"2.0","method":"test.big","params":[100000],"id":1},
                 {"jsonrpc":"2.0","method":"test.notified","id":2},
                 {"jsonrpc":"2.0","method":"test.notified","id":3}]""").body());

        assertThat(notified.get()).isZero();
        assertThat(answers).hasSize(3);
        answers.forEach(answer -> assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32000));
        assertThat(answers.get(2).get("id").asInt()).isEqualTo(3);
    }

    @Test
    void aSingleAnswerLargerThanTheResponseLimitIsAnErrorNotTheAnswer() throws Exception {
        URI limited = startedWith(limits(100, 4096, Duration.ofSeconds(30), Optional.empty()));
        HttpResponse<String> response = post(limited, "{\"jsonrpc\":\"2.0\",\"method\":\"test.big\",\"params\":[5000],\"id\":7}");
        assertThat(response.body().length()).isLessThan(4096);
        assertThat(json.readTree(response.body()).get("error").get("code").asInt()).isEqualTo(-32000);
    }

    /** Sends a request line and half a header, then nothing: a client that stalls mid-request. */
    private Socket stalled(URI target) throws IOException {
        Socket socket = new Socket(target.getHost(), target.getPort());
        toClose.add(socket);
        socket.getOutputStream().write(("POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void clientsStalledInTheirHeadersDoNotKeepOthersFromBeingAnswered() throws Exception {
        for (int i = 0; i < 12; i++) { // three times the server's own threads
            stalled(uri);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(response.body()).get("result").asText()).isEqualTo("hello");
    }

    @Test
    void aConnectionStalledInItsHeadersIsClosedAfterTheIdleTimeout() throws Exception {
        URI limited = startedWith(limits(100, 1 << 20, Duration.ofSeconds(1), Optional.empty()));
        Socket socket = stalled(limited);
        socket.setSoTimeout(15_000); // a bound on the test, not a measurement
        InputStream in = socket.getInputStream();
        // Whatever the server says first (a 408 or nothing), it then closes: the stream ends.
        while (in.read() != -1) {
            // drain
        }
    }

    /** Whether the server has closed this connection, read without waiting (anything it said before is skipped). */
    private static boolean closedByServer(java.nio.channels.SocketChannel channel) throws IOException {
        java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(4096);
        int n;
        while ((n = channel.read(sink)) > 0) {
            sink.clear();
        }
        return n == -1;
    }

    @Test
    void beyondTheConnectionCapAClientIsServedOnlyOnceAStalledConnectionIsClosed() throws Exception {
        RpcServer server = new RpcServer(new InetSocketAddress(loopback(), 0), "/RPC", methods(), json,
                new RpcLimits(MAX_BODY, 100, 1 << 20, Duration.ofSeconds(1), 2, Optional.empty()), null);
        toClose.add(server);
        server.start();
        URI capped = uriOf(server);
        List<java.nio.channels.SocketChannel> stalled = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(new InetSocketAddress(capped.getHost(), capped.getPort()));
            toClose.add(channel);
            channel.write(java.nio.ByteBuffer.wrap("POST /RPC HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty".getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            stalled.add(channel);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(capped).timeout(ofSeconds(15))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(json.readTree(response.body()).get("result").asText()).isEqualTo("hello");
        // Served only after the idle timeout had closed a stalled one: the cap held it in the backlog until then.
        assertThat(closedByServer(stalled.get(0)) || closedByServer(stalled.get(1))).isTrue();
    }

    @Test
    void aMethodSlowerThanTheIdleTimeoutIsStillAnswered() throws Exception {
        URI limited = startedWith(limits(100, 1 << 20, Duration.ofSeconds(1), Optional.empty()));
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(limited)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test.held\",\"id\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        // The method is released only once an idle connection opened after it has been closed for idling: the
        // method has then outlived the idle timeout.
        Socket idle = stalled(limited);
        idle.setSoTimeout(15_000); // a bound on the test, not a measurement
        InputStream in = idle.getInputStream();
        while (in.read() != -1) {
            // drain until the server closes it
        }
        held.countDown();
        assertThat(json.readTree(answer.get(15, TimeUnit.SECONDS).body()).get("result").asText()).isEqualTo("done");
    }

    @Test
    void withASecretARequestWithoutItIs401WithNoBody() throws Exception {
        URI secured = startedWith(limits(100, 1 << 20, Duration.ofSeconds(30), Optional.of("s3cret-token")));
        HttpResponse<String> response = post(secured, "{\"jsonrpc\":\"2.0\",\"method\":\"test.notified\",\"id\":1}");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(notified.get()).isZero();
    }

    @Test
    void withASecretAWrongBearerTokenIs401() throws Exception {
        URI secured = startedWith(limits(100, 1 << 20, Duration.ofSeconds(30), Optional.of("s3cret-token")));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(secured).header("Authorization", "Bearer s3cret-tokeN")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test.notified\",\"id\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(notified.get()).isZero();
    }

    @Test
    void withASecretTheRightBearerTokenIsServed() throws Exception {
        URI secured = startedWith(limits(100, 1 << 20, Duration.ofSeconds(30), Optional.of("s3cret-token")));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(secured).header("Authorization", "Bearer s3cret-token")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"test.hello\",\"id\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("result").asText()).isEqualTo("hello");
    }

    private List<String> warningsOfStarting(InetAddress address, Optional<String> secret) {
        Logger logger = (Logger) LoggerFactory.getLogger(RpcServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            RpcServer server = new RpcServer(new InetSocketAddress(address, 0), "/RPC", methods(), json,
                    limits(100, 1 << 20, Duration.ofSeconds(30), secret), null);
            toClose.add(server);
            server.start();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void startingBeyondLoopbackWithoutASecretWarnsLoudly() throws Exception {
        assertThat(warningsOfStarting(InetAddress.getByName("0.0.0.0"), Optional.empty()))
                .singleElement().asString().contains("no rpc.secret").contains("trunk passwords");
    }

    @Test
    void startingBeyondLoopbackWithASecretDoesNotWarn() throws Exception {
        assertThat(warningsOfStarting(InetAddress.getByName("0.0.0.0"), Optional.of("s3cret-token"))).isEmpty();
    }

    @Test
    void startingOnLoopbackWithoutASecretDoesNotWarn() {
        assertThat(warningsOfStarting(loopback(), Optional.empty())).isEmpty();
    }

    @Test
    void theLimitsNeverPrintTheSecret() {
        assertThat(limits(100, 1 << 20, Duration.ofSeconds(30), Optional.of("s3cret-token")).toString())
                .doesNotContain("s3cret-token");
    }
}
