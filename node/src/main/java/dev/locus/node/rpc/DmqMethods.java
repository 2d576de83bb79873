package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.dmq.Dmq;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;

import java.util.function.Predicate;

/**
 * {@code dmq.list_nodes} in Kamailio 5.6's shape (plus {@code kind}: {@code locus} or {@code kamailio}), and
 * {@code dmq.remove}.
 */
public final class DmqMethods {

    private final Dmq nodes;
    private final Predicate<DmqNode> isKamailio;

    public DmqMethods(Dmq nodes, Predicate<DmqNode> isKamailio) {
        this.nodes = nodes;
        this.isKamailio = isKamailio;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("dmq.list_nodes", "Print the list of nodes", this::list);
        methods.register("dmq.remove", "Remove a DMQ node", this::remove);
    }

    private JsonNode list(Params params) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (DmqNode n : nodes.nodes()) {
            ObjectNode o = result.addObject();
            o.put("host", n.uri().host());
            o.put("port", n.uri().port());
            o.put("proto", n.uri().proto().isEmpty() ? "*" : n.uri().proto());
            o.put("resolved_ip", n.resolvedIp());
            o.put("status", n.status().wire());
            o.put("last_notification", 0);
            o.put("local", n.local() ? 1 : 0);
            o.put("kind", n.local() || !isKamailio.test(n) ? "locus" : "kamailio");
        }
        return result;
    }

    private JsonNode remove(Params params) throws RpcException {
        String text = params.string(0, "uri");
        DmqUri uri;
        try {
            uri = DmqUri.parse(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("not a DMQ node URI: " + text);
        }
        if (!nodes.remove(uri)) {
            throw new RpcException(404, "Node not found");
        }
        return JsonNodeFactory.instance.objectNode();
    }
}
