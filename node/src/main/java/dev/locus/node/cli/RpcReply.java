package dev.locus.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC server's answer to one call: a result, or an error object. */
sealed interface RpcReply permits RpcReply.Result, RpcReply.Fault {

    record Result(JsonNode value) implements RpcReply {
    }

    record Fault(int code, String message) implements RpcReply {
    }
}
