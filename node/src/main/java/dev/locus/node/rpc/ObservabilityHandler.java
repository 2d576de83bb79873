package dev.locus.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.node.health.Check;
import dev.locus.node.health.Readiness;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /metrics}, {@code /health/live}, {@code /health/ready}; any other path is left to the JSON-RPC handler
 * (which answers 404 for it). Scraping and the readiness probes run on the RPC executor, not on Jetty's threads:
 * a probe may wait up to two seconds for the database.
 */
final class ObservabilityHandler extends Handler.Abstract.NonBlocking {

    /** Prometheus's text exposition format, as the registry writes it. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Observability observability;
    private final ObjectMapper json;
    private final Executor executor;
    private final Optional<byte[]> expectedAuthorization;

    ObservabilityHandler(Observability observability, ObjectMapper json, Executor executor) {
        this.observability = observability;
        this.json = json;
        this.executor = executor;
        this.expectedAuthorization = observability.metricsSecret()
                .map(s -> ("Bearer " + s).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        boolean metrics = path.equals(Observability.METRICS) && observability.metricsOn();
        if (!metrics && !path.equals(Observability.LIVE) && !path.equals(Observability.READY)) {
            return false;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            write(response, callback, 405, "text/plain; charset=utf-8", "use GET\n");
        } else if (path.equals(Observability.LIVE)) {
            // Alive = this server answers: the process is up and not wedged. No dependency is asked.
            write(response, callback, 200, "application/json", "{\"status\":\"UP\"}");
        } else if (metrics && !authorised(request)) {
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            response.write(true, null, callback);
        } else {
            try {
                executor.execute(() -> {
                    try {
                        if (metrics) {
                            write(response, callback, 200, PROMETHEUS_TEXT, observability.scrape().get());
                        } else {
                            Readiness.Report report = observability.readiness().get();
                            write(response, callback, report.ready() ? 200 : 503, "application/json", body(report));
                        }
                    } catch (RuntimeException | JsonProcessingException e) {
                        callback.failed(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                write(response, callback, 503, "application/json", "{\"status\":\"BUSY\"}");
            }
        }
        return true;
    }

    /** {@code {"status":"DOWN","not_ready":["cluster"],"checks":{"cluster":{"ok":false,"detail":"..."}}}}. */
    private String body(Readiness.Report report) throws JsonProcessingException {
        ObjectNode root = json.createObjectNode();
        root.put("status", report.ready() ? "UP" : "DOWN");
        ArrayNode notReady = root.putArray("not_ready");
        ObjectNode checks = root.putObject("checks");
        for (Check check : report.checks()) {
            if (!check.ok()) {
                notReady.add(check.name());
            }
            checks.putObject(check.name()).put("ok", check.ok()).put("detail", check.detail());
        }
        return json.writeValueAsString(root);
    }

    private boolean authorised(Request request) {
        if (expectedAuthorization.isEmpty()) {
            return true;
        }
        String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        return given != null && MessageDigest.isEqual(expectedAuthorization.get(), given.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
