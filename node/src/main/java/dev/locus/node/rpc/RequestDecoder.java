package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;

/**
 * Checks one request object against JSON-RPC 2.0. Kamailio silently answers {@code {}} to such requests without
 * running them; we say what is wrong instead.
 */
final class RequestDecoder {

    DecodedRequest decode(JsonNode element) {
        if (!element.isObject()) {
            return rejected(NullNode.instance, "Invalid Request: not a JSON object");
        }
        JsonNode id = element.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            // An id we cannot echo is answered with null, as JSON-RPC 2.0 says.
            return rejected(NullNode.instance, "Invalid Request: id must be a string, a number or null");
        }
        JsonNode replyId = id == null ? NullNode.instance : id;
        JsonNode version = element.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            return rejected(replyId, "Invalid Request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = element.get("method");
        if (method == null || !method.isTextual()) {
            return rejected(replyId, "Invalid Request: method must be a string");
        }
        JsonNode params = element.get("params");
        if (params != null && !params.isArray() && !params.isObject()) {
            return rejected(replyId, "Invalid Request: params must be an array or an object");
        }
        return new RpcRequest(Optional.ofNullable(id), method.textValue(), new Params(params));
    }

    private static DecodedRequest rejected(JsonNode replyId, String message) {
        return new DecodedRequest.Rejected(replyId, RpcException.invalidRequest(message));
    }
}
