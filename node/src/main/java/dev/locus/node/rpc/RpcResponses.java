package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 response objects. */
final class RpcResponses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RpcResponses() {
    }

    /** A null result becomes {@code {}}: Kamailio's answer for a command that added nothing. */
    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = JSON.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("result", result == null ? JSON.objectNode() : result);
        response.set("id", id);
        return response;
    }

    static ObjectNode error(JsonNode id, RpcException e) {
        ObjectNode response = JSON.objectNode();
        response.put("jsonrpc", "2.0");
        ObjectNode error = response.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        response.set("id", id);
        return response;
    }
}
