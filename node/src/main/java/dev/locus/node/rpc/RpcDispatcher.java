package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;

/**
 * JSON-RPC 2.0 semantics, transport aside: a parsed document (one request or a batch) in, the response's bytes out.
 * A batch runs at most {@code maxBatch} requests; each one beyond is answered with an error and not run. The
 * response is serialised answer by answer within {@code maxResponseBytes} ({@link ResponseEncoder}); once an answer
 * did not fit, the rest of the batch is answered with the same error and not run.
 */
final class RpcDispatcher {

    private final RequestDecoder decoder = new RequestDecoder();
    private final RpcInvoker invoker;
    private final ObjectMapper json;
    private final int maxBatch;
    private final int maxResponseBytes;

    RpcDispatcher(RpcMethods methods, ObjectMapper json, int maxBatch, int maxResponseBytes) {
        this.invoker = new RpcInvoker(methods);
        this.json = json;
        this.maxBatch = maxBatch;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** @return the response document, or empty when every request was a notification */
    Optional<byte[]> dispatch(JsonNode document) {
        ResponseEncoder response = new ResponseEncoder(json, maxResponseBytes, document.isArray() && !document.isEmpty());
        if (!document.isArray()) {
            answer(document, response);
        } else if (document.isEmpty()) {
            response.add(RpcResponses.error(NullNode.instance, RpcException.invalidRequest("Invalid Request: empty batch")),
                    NullNode.instance);
        } else {
            int position = 0;
            for (JsonNode element : document) {
                if (position++ >= maxBatch) {
                    refuse(element, response, RpcException.invalidRequest(
                            "Invalid Request: batch exceeds " + maxBatch + " requests (rpc.max_batch); not run"));
                } else if (response.overflowed()) {
                    // Running the rest would only build answers with no room left (a batch of ul.dump).
                    refuse(element, response, RpcException.responseTooLarge(maxResponseBytes));
                } else {
                    answer(element, response);
                }
            }
        }
        return response.isEmpty() ? Optional.empty() : Optional.of(response.bytes());
    }

    private void answer(JsonNode element, ResponseEncoder response) {
        DecodedRequest decoded = decoder.decode(element);
        if (decoded instanceof DecodedRequest.Rejected rejected) {
            response.add(RpcResponses.error(rejected.replyId(), rejected.error()), rejected.replyId());
            return;
        }
        RpcRequest request = (RpcRequest) decoded;
        JsonNode answer = invoker.invoke(request);
        if (!request.isNotification()) {
            response.add(answer, request.replyId());
        }
    }

    /** A request not run is answered even when a notification (id null): its sender should know. */
    private void refuse(JsonNode element, ResponseEncoder response, RpcException why) {
        JsonNode replyId = decoder.decode(element) instanceof RpcRequest request ? request.replyId() : NullNode.instance;
        response.add(RpcResponses.error(replyId, why), replyId);
    }
}
