package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One RPC command. It may block (it runs on an RPC thread, never on a SIP or Hazelcast one). A null result is
 * answered as {@code {}}, as Kamailio answers a command that added nothing.
 */
@FunctionalInterface
public interface RpcMethod {

    JsonNode call(Params params) throws RpcException;
}
