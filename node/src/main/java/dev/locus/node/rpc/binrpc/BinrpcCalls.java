package dev.locus.node.rpc.binrpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.rpc.Params;
import dev.locus.node.rpc.RpcException;
import dev.locus.node.rpc.RpcMethod;
import dev.locus.node.rpc.RpcMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * ctl's request handling ({@code binrpc_run.c process_rpc_req}) over the JSON-RPC server's methods: the first record
 * names the method, the rest are its parameters; the answer is a reply with the result's records, or a fault (INT
 * code, STR message) with Kamailio's codes and texts. A method answered later (a delayed one) is answered when it
 * completes, on the executor.
 */
final class BinrpcCalls {

    private static final Logger log = LoggerFactory.getLogger(BinrpcCalls.class);
    private static final int MAX_FAULT_CHARS = 1024;

    /** The answer's bytes, and whether ctl would close the connection after it (a protocol error). */
    record Answer(byte[] packet, boolean close) {
    }

    private final RpcMethods methods;
    private final Executor executor;

    BinrpcCalls(RpcMethods methods, Executor executor) {
        this.methods = methods;
        this.executor = executor;
    }

    /**
     * Runs one request (on the calling thread, up to a delayed method's wait).
     *
     * @param maxReplyBytes the largest packet the transport may carry back; a larger result is answered by a fault
     */
    CompletionStage<Answer> answer(BinrpcPacket request, int maxReplyBytes) {
        int cookie = request.cookie();
        if (request.type() != BinrpcTypes.REQUEST) {
            return done(fault(cookie, 400, "bad request: " + BinrpcFormatException.CORRUPTED), true);
        }
        List<BinrpcValue> records;
        try {
            records = BinrpcReader.readAll(request.body());
        } catch (BinrpcFormatException e) {
            return done(fault(cookie, 400, "bad request: " + e.getMessage()), true);
        }
        if (records.isEmpty() || !(records.get(0) instanceof BinrpcValue.Str name)) {
            String why = records.isEmpty() ? "end of packet encountered" : BinrpcFormatException.TYPE;
            return done(fault(cookie, 400, "bad request method: " + why), true);
        }
        Optional<RpcMethod> method = methods.find(name.value());
        if (method.isEmpty()) {
            log.debug("binrpc {}: no such method", name.value());
            return done(fault(cookie, 500, "command " + name.value() + " not found"), false);
        }
        // Never the params: they may carry passwords (uac.reg_add).
        log.debug("binrpc {}", name.value());
        Params params = new Params(JsonBinrpc.params(records.subList(1, records.size())));
        CompletableFuture<JsonNode> result;
        try {
            result = method.get().start(params).toCompletableFuture();
        } catch (Exception e) {
            return done(failed(name.value(), cookie, e), false);
        }
        if (result.isDone()) {
            return done(settle(name.value(), cookie, result, maxReplyBytes), false);
        }
        return result.handleAsync((value, failure) -> new Answer(failure == null
                ? reply(cookie, value, maxReplyBytes) : failed(name.value(), cookie, failure), false), executor);
    }

    private static byte[] settle(String method, int cookie, CompletableFuture<JsonNode> done, int maxReplyBytes) {
        try {
            return reply(cookie, done.join(), maxReplyBytes);
        } catch (CompletionException e) {
            return failed(method, cookie, e);
        }
    }

    private static byte[] reply(int cookie, JsonNode result, int maxReplyBytes) {
        int maxBody = maxReplyBytes - BinrpcPacket.MAX_HEADER;
        BinrpcWriter body = new BinrpcWriter(maxBody);
        try {
            JsonBinrpc.writeResult(result, body);
        } catch (BinrpcOverflowException e) {
            // ctl fails the same way past binrpc_max_body_size; kamcmd would refuse more than 128 KB anyway.
            return fault(cookie, 500, "reply too large: exceeds " + maxReplyBytes
                    + " bytes (use ul.dump brief, or JSON-RPC)");
        }
        return new BinrpcPacket(BinrpcTypes.REPLY, cookie, body.toByteArray()).encode();
    }

    private static byte[] failed(String method, int cookie, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RpcException e) {
            log.debug("binrpc {} answered fault {}: {}", method, e.code(), e.getMessage());
            return fault(cookie, kamailioCode(e.code()), e.code() == RpcException.INTERNAL_ERROR
                    ? "internal server error" : e.getMessage());
        }
        log.error("binrpc method {} failed", method, cause);
        return fault(cookie, 500, "internal server error");
    }

    /**
     * Kamailio's codes: a method's own (400, 404, 500) as they are; JSON-RPC's protocol codes, which ctl never sends,
     * as the HTTP-like class ctl uses for the same trouble (400 for a request it cannot use, 500 for its own).
     */
    static int kamailioCode(int code) {
        if (code > 0) {
            return code;
        }
        if (code == RpcException.INVALID_PARAMS || code == RpcException.INVALID_REQUEST
                || code == RpcException.PARSE_ERROR) {
            return 400;
        }
        return 500;
    }

    static byte[] fault(int cookie, int code, String message) {
        if (message.length() > MAX_FAULT_CHARS) {
            // A fault may echo a method name as long as the request: keep it within any datagram.
            message = message.substring(0, MAX_FAULT_CHARS) + "...";
        }
        BinrpcWriter body = new BinrpcWriter(Integer.MAX_VALUE - BinrpcPacket.MAX_HEADER);
        try {
            body.integer(code).string(message);
        } catch (BinrpcOverflowException e) {
            throw new IllegalStateException(e);
        }
        return new BinrpcPacket(BinrpcTypes.FAULT, cookie, body.toByteArray()).encode();
    }

    private static CompletionStage<Answer> done(byte[] packet, boolean close) {
        return CompletableFuture.completedFuture(new Answer(packet, close));
    }
}
