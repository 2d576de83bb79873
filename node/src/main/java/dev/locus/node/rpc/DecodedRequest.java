package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** What one element of a JSON-RPC document turned out to be: a request to run, or one to answer with an error. */
sealed interface DecodedRequest permits RpcRequest, DecodedRequest.Rejected {

    /** Not a valid request; answered even without an id, as JSON-RPC 2.0 requires. */
    record Rejected(JsonNode replyId, RpcException error) implements DecodedRequest {
    }
}
