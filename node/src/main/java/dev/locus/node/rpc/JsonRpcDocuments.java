package dev.locus.node.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * JSON-RPC 2.0 for transports other than HTTP (the jsonrpcs FIFO): the same strict parsing and the same dispatch,
 * limits and answers as {@link RpcServer}, over the same methods.
 */
public final class JsonRpcDocuments {

    private final DocumentParser parser;
    private final RpcDispatcher dispatcher;
    private final ObjectMapper json;

    public JsonRpcDocuments(RpcMethods methods, int maxBatch, int maxResponseBytes, Executor executor) {
        ObjectMapper json = new ObjectMapper();
        this.parser = new DocumentParser(json);
        this.dispatcher = new RpcDispatcher(methods, json, maxBatch, maxResponseBytes, executor);
        this.json = json;
    }

    /** @throws RpcException a parse error, to be answered by {@link #error} */
    public JsonNode parse(byte[] document) throws RpcException {
        return parser.parse(document);
    }

    /** @return the response, or empty when the document held only notifications, once every answer is in */
    public CompletionStage<Optional<byte[]>> dispatch(JsonNode document) {
        return dispatcher.dispatch(document);
    }

    /** The error response to a document that could not be run (id null: it could not be read). */
    public byte[] error(RpcException why) {
        try {
            return json.writeValueAsBytes(RpcResponses.error(NullNode.instance, why));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a small object of our own: cannot happen
        }
    }
}
