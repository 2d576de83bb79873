package dev.locus.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of the endpoint: exactly {@code POST <path>}, a bounded body, and the status codes. Every JSON-RPC
 * answer, error objects included, is HTTP 200, because a client reads the body and a batch mixes results with
 * errors; other codes speak only of HTTP itself (404, 405, 413, and 204 when only notifications came).
 * Kamailio differs (HTTP status = fault code, silence for bad JSON); the README lists the differences.
 */
final class RpcHttpHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(RpcHttpHandler.class);
    /** How much of an oversized body is read and dropped so the client sees the 413, not a reset connection. */
    private static final long DRAIN_LIMIT_BYTES = 64L << 20;

    private final String path;
    private final RpcDispatcher dispatcher;
    private final DocumentParser parser;
    private final ObjectMapper json;
    private final int maxBodyBytes;

    RpcHttpHandler(String path, RpcDispatcher dispatcher, ObjectMapper json, int maxBodyBytes) {
        this.path = path;
        this.dispatcher = dispatcher;
        this.parser = new DocumentParser(json);
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                reply(exchange, 404, Map.of("message", "no JSON-RPC endpoint here: use POST " + path));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, Map.of("message", "use POST " + path));
                return;
            }
            Optional<byte[]> body = boundedBody(exchange);
            if (body.isEmpty()) {
                reply(exchange, 413, RpcResponses.error(NullNode.instance,
                        RpcException.invalidRequest("Request body exceeds " + maxBodyBytes + " bytes")));
                return;
            }
            JsonNode document;
            try {
                document = parser.parse(body.get());
            } catch (RpcException e) {
                reply(exchange, 200, RpcResponses.error(NullNode.instance, e));
                return;
            }
            Optional<JsonNode> response = dispatcher.dispatch(document);
            if (response.isEmpty()) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            reply(exchange, 200, response.get());
        } catch (IOException e) {
            log.debug("JSON-RPC exchange with {} failed: {}", exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            // The JDK server would drop the connection without a word; leave one.
            log.error("JSON-RPC exchange with {} failed", exchange.getRemoteAddress(), e);
        }
    }

    /** The body, or empty when it is larger than allowed; never buffers more than the limit plus one byte. */
    private Optional<byte[]> boundedBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declaredLength(declared) > maxBodyBytes) {
            discardAtMost(in, DRAIN_LIMIT_BYTES);
            return Optional.empty();
        }
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            discardAtMost(in, DRAIN_LIMIT_BYTES);
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // the HTTP server rejects such requests before us; read as if undeclared
        }
    }

    private static void discardAtMost(InputStream in, long limit) throws IOException {
        byte[] sink = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(sink)) > 0) {
            total += n;
        }
    }

    private void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Only a method's result can fail to serialise (a POJO node); that is a bug of the method.
            log.error("JSON-RPC response could not be serialised", e);
            bytes = json.writeValueAsBytes(RpcResponses.error(NullNode.instance, RpcException.internalError()));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
