package dev.locus.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** One JSON-RPC 2.0 call over HTTP POST, as locusctl makes it: id 1, positional params. */
final class JsonRpcClient {

    private final URI server;
    private final Duration timeout;
    private final String secret;
    private final ObjectMapper json;
    private final HttpClient http;

    /** @param secret the node's {@code rpc.secret}, or empty for a node without one */
    JsonRpcClient(URI server, Duration timeout, String secret, ObjectMapper json) {
        this.server = server;
        this.timeout = timeout;
        this.secret = secret == null ? "" : secret;
        this.json = json;
        // HTTP/1.1: the server speaks nothing else; the h2c upgrade the client would otherwise offer is wasted.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    RpcReply call(String method, ArrayNode params) throws NoAnswerException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.set("params", params);
        request.put("id", 1);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(server)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)));
            if (!secret.isEmpty()) {
                builder.header("Authorization", "Bearer " + secret);
            }
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new NoAnswerException("cannot connect to " + server + ": connection refused");
        } catch (HttpTimeoutException e) {
            throw new NoAnswerException("no answer from " + server + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new NoAnswerException("cannot reach " + server + ": " + describe(e));
        }
        return reply(response);
    }

    private RpcReply reply(HttpResponse<String> response) throws NoAnswerException {
        if (response.statusCode() == 401) {
            throw new NoAnswerException(server + " refused the call (HTTP 401): "
                    + (secret.isEmpty() ? "it needs its rpc.secret" : "wrong secret")
                    + " (--secret or LOCUS_CTL_SECRET)");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body != null && body.path("error").path("code").isIntegralNumber()) {
            JsonNode error = body.get("error");
            return new RpcReply.Fault(error.get("code").intValue(), error.path("message").asText(""));
        }
        if (body != null && body.has("result")) {
            return new RpcReply.Result(body.get("result"));
        }
        throw new NoAnswerException(server + " answered HTTP " + response.statusCode() + ", not a JSON-RPC response");
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
