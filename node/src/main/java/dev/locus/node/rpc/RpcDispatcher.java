package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;

/** JSON-RPC 2.0 semantics, transport aside: a parsed document (one request or a batch) in, the response out. */
final class RpcDispatcher {

    private final RequestDecoder decoder = new RequestDecoder();
    private final RpcInvoker invoker;

    RpcDispatcher(RpcMethods methods) {
        this.invoker = new RpcInvoker(methods);
    }

    /** @return the response document, or empty when every request was a notification */
    Optional<JsonNode> dispatch(JsonNode document) {
        if (!document.isArray()) {
            return answer(document);
        }
        if (document.isEmpty()) {
            return Optional.of(RpcResponses.error(NullNode.instance, RpcException.invalidRequest("Invalid Request: empty batch")));
        }
        ArrayNode responses = JsonNodeFactory.instance.arrayNode();
        document.forEach(element -> answer(element).ifPresent(responses::add));
        return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
    }

    private Optional<JsonNode> answer(JsonNode element) {
        DecodedRequest decoded = decoder.decode(element);
        if (decoded instanceof DecodedRequest.Rejected rejected) {
            return Optional.of(RpcResponses.error(rejected.replyId(), rejected.error()));
        }
        RpcRequest request = (RpcRequest) decoded;
        JsonNode response = invoker.invoke(request);
        return request.isNotification() ? Optional.empty() : Optional.of(response);
    }
}
