package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A command whose run is timed into the histogram {@code locus.rpc.duration{method}}, over every transport that
 * calls it (JSON-RPC, binrpc); a delayed command until its answer is there, a failing one too.
 */
final class TimedRpcMethod implements RpcMethod {

    static final String DURATION = "locus.rpc.duration";

    private final RpcMethod method;
    private final Timer timer;

    TimedRpcMethod(String name, RpcMethod method, MeterRegistry meters) {
        this.method = method;
        this.timer = Timer.builder(DURATION).tag("method", name).description("time to answer an RPC command")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(meters);
    }

    @Override
    public JsonNode call(Params params) throws RpcException {
        long start = System.nanoTime();
        try {
            return method.call(params);
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public CompletionStage<JsonNode> start(Params params) throws RpcException {
        long start = System.nanoTime();
        try {
            return method.start(params).whenComplete((value, failure) ->
                    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        } catch (RpcException | RuntimeException e) {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
    }
}
