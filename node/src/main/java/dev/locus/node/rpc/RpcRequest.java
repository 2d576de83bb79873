package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Optional;

/** A well-formed JSON-RPC request. No id at all makes it a notification: it runs, and nobody is answered. */
record RpcRequest(Optional<JsonNode> id, String method, Params params) implements DecodedRequest {

    boolean isNotification() {
        return id.isEmpty();
    }

    JsonNode replyId() {
        return id.orElse(NullNode.instance);
    }
}
