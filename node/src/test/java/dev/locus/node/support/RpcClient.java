package dev.locus.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a node's JSON-RPC over real HTTP. */
public final class RpcClient {

    /**
     * One client for the whole test JVM, so calls share kept-alive connections as a real RPC client does: a client
     * per call would leave a connection open per call and meet the node's rpc.max_connections.
     */
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A guard against a test hanging on a node that never answers, not a measurement. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ObjectMapper json = new ObjectMapper();
    private final URI uri;
    private final String secret;

    public RpcClient(InetSocketAddress address) {
        this(address, "");
    }

    /** A client of a node with {@code rpc.secret}: it sends the secret as a bearer token. */
    public RpcClient(InetSocketAddress address, String secret) {
        this.secret = secret;
        String host = address.getHostString().indexOf(':') >= 0 ? "[" + address.getHostString() + "]" : address.getHostString();
        this.uri = URI.create("http://" + host + ":" + address.getPort() + "/RPC");
    }

    public URI uri() {
        return uri;
    }

    /** The whole response document of one call. */
    public JsonNode call(String method, Object... params) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        ArrayNode p = request.putArray("params");
        for (Object o : params) {
            p.addPOJO(o);
        }
        request.put("id", 1);
        return post(json.writeValueAsString(request)).body();
    }

    public JsonNode result(String method, Object... params) throws IOException, InterruptedException {
        JsonNode response = call(method, params);
        if (response.has("error")) {
            throw new AssertionError(method + " failed: " + response);
        }
        return response.get("result");
    }

    public HttpResponse<JsonNode> post(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!secret.isEmpty()) {
            request.header("Authorization", "Bearer " + secret);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        return new JsonResponse(response, parsed);
    }

    /** The contacts' addresses of one AOR according to ul.lookup (empty when the AOR is not found). */
    public java.util.List<String> lookupContacts(String aor) throws IOException, InterruptedException {
        JsonNode response = call("ul.lookup", "location", aor);
        if (response.has("error")) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        response.get("result").get("Contacts").forEach(c -> out.add(c.get("Contact").get("Address").asText()));
        return out;
    }

    private record JsonResponse(HttpResponse<String> raw, JsonNode body) implements HttpResponse<JsonNode> {
        @Override public int statusCode() { return raw.statusCode(); }
        @Override public HttpRequest request() { return raw.request(); }
        @Override public java.util.Optional<HttpResponse<JsonNode>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return raw.headers(); }
        @Override public URI uri() { return raw.uri(); }
        @Override public HttpClient.Version version() { return raw.version(); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return raw.sslSession(); }
    }
}
