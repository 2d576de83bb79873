package dev.locus.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP side of the endpoint: exactly {@code POST <path>}, the shared secret when one is set, a bounded body,
 * and the status codes. Every JSON-RPC answer, error objects included, is HTTP 200, because a client reads the body
 * and a batch mixes results with errors; other codes speak only of HTTP itself (401, 404, 405, 413, 503, and 204
 * when only notifications came). Kamailio differs (HTTP status = fault code, silence for bad JSON); the README
 * lists the differences.
 *
 * <p>Jetty calls this once the request's headers are in, without blocking a thread on a slow client; the body is
 * read as it arrives, and only a complete body takes one of the executor's threads to run the methods.
 */
final class RpcHttpHandler extends Handler.Abstract.NonBlocking {

    private static final Logger log = LoggerFactory.getLogger(RpcHttpHandler.class);
    /** How much of an oversized body is read and dropped so the client sees the 413, not a reset connection. */
    private static final long DRAIN_LIMIT_BYTES = 64L << 20;

    private final String path;
    private final RpcDispatcher dispatcher;
    private final DocumentParser parser;
    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final Optional<byte[]> expectedAuthorization;
    private final Executor executor;

    RpcHttpHandler(String path, RpcDispatcher dispatcher, ObjectMapper json, RpcLimits limits, Executor executor) {
        this.path = path;
        this.dispatcher = dispatcher;
        this.parser = new DocumentParser(json);
        this.json = json;
        this.maxBodyBytes = limits.maxBodyBytes();
        this.expectedAuthorization = limits.secret().map(s -> ("Bearer " + s).getBytes(StandardCharsets.UTF_8));
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals(path)) {
            reply(response, callback, 404, Map.of("message", "no JSON-RPC endpoint here: use POST " + path));
        } else if (!authorised(request)) {
            // Nothing more: whoever guesses learns only that the guess was wrong.
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            response.write(true, null, callback);
        } else if (!request.getMethod().equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            reply(response, callback, 405, Map.of("message", "use POST " + path));
        } else if (request.getLength() > DRAIN_LIMIT_BYTES) {
            tooLarge(response, callback); // not worth reading: the connection is closed after the 413
        } else if (request.getLength() > maxBodyBytes) {
            discardThenRefuse(request, response, callback, 0);
        } else {
            readBody(request, response, callback, new ByteArrayOutputStream());
        }
        return true;
    }

    private boolean authorised(Request request) {
        if (expectedAuthorization.isEmpty()) {
            return true;
        }
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        // Constant time: the comparison must not tell how much of a guess was right.
        return given != null && MessageDigest.isEqual(expectedAuthorization.get(), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads what has arrived, asks to be called again for the rest; never holds more than the limit. */
    private void readBody(Request request, Response response, Callback callback, ByteArrayOutputStream body) {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(() -> readBody(request, response, callback, body));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed(request, callback, chunk);
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            if (body.size() + bytes.remaining() > maxBodyBytes) {
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    tooLarge(response, callback);
                } else {
                    discardThenRefuse(request, response, callback, 0);
                }
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.writeBytes(copy);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                run(body.toByteArray(), response, callback);
                return;
            }
        }
    }

    /**
     * Reads and drops the rest of an oversized body (up to {@link #DRAIN_LIMIT_BYTES}) before the 413, so a client
     * that sends its whole body before reading sees the 413, not a broken pipe. Holds no thread while waiting.
     */
    private void discardThenRefuse(Request request, Response response, Callback callback, long discarded) {
        long total = discarded;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                long sofar = total;
                request.demand(() -> discardThenRefuse(request, response, callback, sofar));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                failed(request, callback, chunk);
                return;
            }
            total += chunk.remaining();
            boolean last = chunk.isLast();
            chunk.release();
            if (last || total > DRAIN_LIMIT_BYTES) {
                tooLarge(response, callback);
                return;
            }
        }
    }

    private static void failed(Request request, Callback callback, Content.Chunk chunk) {
        log.debug("JSON-RPC request body from {} failed: {}", request.getConnectionMetaData().getRemoteSocketAddress(),
                chunk.getFailure().toString());
        callback.failed(chunk.getFailure());
    }

    private void run(byte[] body, Response response, Callback callback) {
        try {
            executor.execute(() -> answer(body, response, callback));
        } catch (RejectedExecutionException e) {
            log.warn("JSON-RPC overloaded: request refused with 503");
            reply(response, callback, 503, Map.of("message", "JSON-RPC overloaded, try again"));
        }
    }

    private void answer(byte[] body, Response response, Callback callback) {
        try {
            JsonNode document;
            try {
                document = parser.parse(body);
            } catch (RpcException e) {
                reply(response, callback, 200, RpcResponses.error(NullNode.instance, e));
                return;
            }
            dispatcher.dispatch(document).whenComplete((answer, failure) -> {
                if (failure != null) {
                    log.error("JSON-RPC exchange failed", failure);
                    callback.failed(failure);
                } else if (answer.isEmpty()) {
                    response.setStatus(204);
                    response.write(true, null, callback);
                } else {
                    send(response, callback, 200, answer.get());
                }
            });
        } catch (RuntimeException e) {
            // Jetty would answer 500 with its own page; say what happened where an operator looks.
            log.error("JSON-RPC exchange failed", e);
            callback.failed(e);
        }
    }

    private void tooLarge(Response response, Callback callback) {
        reply(response, callback, 413, RpcResponses.error(NullNode.instance,
                RpcException.invalidRequest("Request body exceeds " + maxBodyBytes + " bytes")));
    }

    private void reply(Response response, Callback callback, int status, Object body) {
        try {
            send(response, callback, status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            callback.failed(e); // our own small maps and error objects: cannot happen
        }
    }

    /** Length known, one write: Jetty sends the headers and the body together. */
    private static void send(Response response, Callback callback, int status, byte[] bytes) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
