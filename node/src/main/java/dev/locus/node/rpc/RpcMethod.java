package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One RPC command. It may block (it runs on an RPC thread, never on a SIP or Hazelcast one). A null result is
 * answered as {@code {}}, as Kamailio answers a command that added nothing.
 */
@FunctionalInterface
public interface RpcMethod {

    JsonNode call(Params params) throws RpcException;

    /**
     * Starts the command; the endpoint answers when the stage completes (failed with an {@link RpcException}: that
     * error). By default the command runs whole on the calling thread.
     */
    default CompletionStage<JsonNode> start(Params params) throws RpcException {
        return CompletableFuture.completedFuture(call(params));
    }

    /** The part of a delayed command that starts it: it returns at once, the answer comes later. */
    @FunctionalInterface
    interface Starter {
        CompletionStage<JsonNode> start(Params params) throws RpcException;
    }

    /**
     * A command answered later (Kamailio's delayed reply: {@code tm.t_uac_wait} waits for a SIP reply), which holds
     * no RPC thread while it waits.
     */
    static RpcMethod delayed(Starter starter) {
        return new RpcMethod() {
            @Override
            public JsonNode call(Params params) throws RpcException {
                try {
                    return starter.start(params).toCompletableFuture().join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RpcException rpc) {
                        throw rpc;
                    }
                    throw e;
                }
            }

            @Override
            public CompletionStage<JsonNode> start(Params params) throws RpcException {
                return starter.start(params);
            }
        };
    }
}
