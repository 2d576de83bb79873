package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs one request's method and turns whatever happens into a response object. A method answered later (a delayed
 * one) completes on whatever thread finished its work; its answer is handed back to the RPC executor, so what comes
 * after it (serialising, the rest of a batch) never runs on a SIP thread.
 */
final class RpcInvoker {

    private static final Logger log = LoggerFactory.getLogger(RpcInvoker.class);

    private final RpcMethods methods;
    private final Executor executor;

    RpcInvoker(RpcMethods methods, Executor executor) {
        this.methods = methods;
        this.executor = executor;
    }

    CompletionStage<ObjectNode> invoke(RpcRequest request) {
        String name = request.method();
        Optional<RpcMethod> method = methods.find(name);
        if (method.isEmpty()) {
            log.debug("RPC {}: no such method", name);
            return CompletableFuture.completedFuture(RpcResponses.error(request.replyId(), RpcException.methodNotFound(name)));
        }
        // Never the params above DEBUG's method name: they will carry passwords (uac.reg_add).
        log.debug("RPC {}", name);
        CompletableFuture<JsonNode> result;
        try {
            result = method.get().start(request.params()).toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.completedFuture(answer(request, null, e));
        }
        if (result.isDone()) {
            return CompletableFuture.completedFuture(answer(request, result));
        }
        return result.handleAsync((value, failure) -> answer(request, value, failure), executor);
    }

    private ObjectNode answer(RpcRequest request, CompletableFuture<JsonNode> done) {
        try {
            return answer(request, done.join(), null);
        } catch (CompletionException e) {
            return answer(request, null, e);
        }
    }

    private ObjectNode answer(RpcRequest request, JsonNode value, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            return RpcResponses.result(request.replyId(), value);
        }
        if (cause instanceof RpcException e) {
            log.debug("RPC {} answered error {}: {}", request.method(), e.code(), e.getMessage());
            return RpcResponses.error(request.replyId(), e);
        }
        log.error("RPC method {} failed", request.method(), cause);
        return RpcResponses.error(request.replyId(), RpcException.internalError());
    }
}
