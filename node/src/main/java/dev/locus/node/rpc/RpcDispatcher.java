package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * JSON-RPC 2.0 semantics, transport aside: a parsed document (one request or a batch) in, the response's bytes out.
 * A batch runs at most {@code maxBatch} requests; each one beyond is answered with an error and not run. The
 * response is serialised answer by answer within {@code maxResponseBytes} ({@link ResponseEncoder}); once an answer
 * did not fit, the rest of the batch is answered with the same error and not run. A batch's requests run one after
 * another, each once the one before is answered (a delayed method's answer may come later, on the executor).
 */
final class RpcDispatcher {

    private final RequestDecoder decoder = new RequestDecoder();
    private final RpcInvoker invoker;
    private final ObjectMapper json;
    private final int maxBatch;
    private final int maxResponseBytes;

    /** @param executor where a delayed method's answer, and what follows it, is handled */
    RpcDispatcher(RpcMethods methods, ObjectMapper json, int maxBatch, int maxResponseBytes, Executor executor) {
        this.invoker = new RpcInvoker(methods, executor);
        this.json = json;
        this.maxBatch = maxBatch;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** @return the response document, or empty when every request was a notification, once every answer is in */
    CompletionStage<Optional<byte[]>> dispatch(JsonNode document) {
        ResponseEncoder response = new ResponseEncoder(json, maxResponseBytes, document.isArray() && !document.isEmpty());
        CompletionStage<Void> answered;
        if (!document.isArray()) {
            answered = answer(document, response);
        } else if (document.isEmpty()) {
            response.add(RpcResponses.error(NullNode.instance, RpcException.invalidRequest("Invalid Request: empty batch")),
                    NullNode.instance);
            answered = CompletableFuture.completedFuture(null);
        } else {
            // A chain of completed stages runs on this thread as it is built; a delayed answer resumes it later.
            answered = CompletableFuture.completedFuture(null);
            int position = 0;
            for (JsonNode element : document) {
                boolean beyondBatch = position++ >= maxBatch;
                answered = answered.thenCompose(ignored -> {
                    if (beyondBatch) {
                        refuse(element, response, RpcException.invalidRequest(
                                "Invalid Request: batch exceeds " + maxBatch + " requests (rpc.max_batch); not run"));
                        return CompletableFuture.completedFuture(null);
                    }
                    if (response.overflowed()) {
                        // Running the rest would only build answers with no room left (a batch of ul.dump).
                        refuse(element, response, RpcException.responseTooLarge(maxResponseBytes));
                        return CompletableFuture.completedFuture(null);
                    }
                    return answer(element, response);
                });
            }
        }
        return answered.thenApply(ignored -> response.isEmpty() ? Optional.<byte[]>empty() : Optional.of(response.bytes()));
    }

    private CompletionStage<Void> answer(JsonNode element, ResponseEncoder response) {
        DecodedRequest decoded = decoder.decode(element);
        if (decoded instanceof DecodedRequest.Rejected rejected) {
            response.add(RpcResponses.error(rejected.replyId(), rejected.error()), rejected.replyId());
            return CompletableFuture.completedFuture(null);
        }
        RpcRequest request = (RpcRequest) decoded;
        return invoker.invoke(request).thenAccept(answer -> {
            if (!request.isNotification()) {
                response.add(answer, request.replyId());
            }
        });
    }

    /** A request not run is answered even when a notification (id null): its sender should know. */
    private void refuse(JsonNode element, ResponseEncoder response, RpcException why) {
        JsonNode replyId = decoder.decode(element) instanceof RpcRequest request ? request.replyId() : NullNode.instance;
        response.add(RpcResponses.error(replyId, why), replyId);
    }
}
