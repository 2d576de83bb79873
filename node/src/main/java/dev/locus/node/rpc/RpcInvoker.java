package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Runs one request's method and turns whatever happens into a response object. */
final class RpcInvoker {

    private static final Logger log = LoggerFactory.getLogger(RpcInvoker.class);

    private final RpcMethods methods;

    RpcInvoker(RpcMethods methods) {
        this.methods = methods;
    }

    ObjectNode invoke(RpcRequest request) {
        String name = request.method();
        Optional<RpcMethod> method = methods.find(name);
        if (method.isEmpty()) {
            log.debug("RPC {}: no such method", name);
            return RpcResponses.error(request.replyId(), RpcException.methodNotFound(name));
        }
        // Never the params above DEBUG's method name: they will carry passwords (uac.reg_add).
        log.debug("RPC {}", name);
        try {
            JsonNode result = method.get().call(request.params());
            return RpcResponses.result(request.replyId(), result);
        } catch (RpcException e) {
            log.debug("RPC {} answered error {}: {}", name, e.code(), e.getMessage());
            return RpcResponses.error(request.replyId(), e);
        } catch (Exception e) {
            log.error("RPC method {} failed", name, e);
            return RpcResponses.error(request.replyId(), RpcException.internalError());
        }
    }
}
