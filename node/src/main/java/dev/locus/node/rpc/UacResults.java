package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.node.sip.uac.UacReply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * tm's answers to a final reply (Kamailio 5.6, {@code rpc_uac.c}). {@code t_uac_wait}: an array of the code and
 * the reason; for a 2xx, the dialog's remote target, next hop and route set as tm's {@code dlg_response_uac} and
 * {@code calculate_hooks} make them (empty strings when the reply gives none); then the reply from its first header
 * to the end of its body. A local 408 gives four empty strings after the code and reason.
 * {@code t_uac_wait_block}: {@code {"code":…,"text":…}}.
 */
final class UacResults {

    private UacResults() {
    }

    static ArrayNode waited(UacReply reply) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        result.add(reply.statusCode());
        result.add(reply.reasonPhrase());
        if (reply.local()) {
            result.add("").add("").add("").add("");
            return result;
        }
        // tm's dialog is confirmed for 200..298 only (its own bound), and only then are the URIs printed.
        if (reply.statusCode() >= 200 && reply.statusCode() < 299) {
            Hooks hooks = hooks(reply.contact(), reply.recordRoutes());
            result.add(hooks.requestUri()).add(hooks.nextHop()).add(hooks.routes());
        }
        result.add(reply.message());
        return result;
    }

    static ObjectNode blocked(UacReply reply) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("code", reply.statusCode());
        result.put("text", reply.reasonPhrase());
        return result;
    }

    record Hooks(String requestUri, String nextHop, String routes) {
    }

    /** tm's calculate_hooks over a route set that is the reply's Record-Route reversed, as a UAC's is. */
    static Hooks hooks(Optional<String> contact, List<UacReply.RecordRoute> recordRoutes) {
        List<UacReply.RecordRoute> routes = new ArrayList<>(recordRoutes);
        Collections.reverse(routes);
        String target = contact.orElse("");
        if (routes.isEmpty()) {
            return new Hooks(target, target, "");
        }
        UacReply.RecordRoute first = routes.get(0);
        if (first.loose()) {
            return new Hooks(target, first.uri(), "Route: " + texts(routes));
        }
        // A strict router: it becomes the Request-URI, the target goes last; tm prints nothing when no route is left.
        List<UacReply.RecordRoute> rest = routes.subList(1, routes.size());
        String printed = rest.isEmpty() ? "" : "Route: " + texts(rest) + (target.isEmpty() ? "" : ", <" + target + ">");
        return new Hooks(first.uri(), first.uri(), printed);
    }

    private static String texts(List<UacReply.RecordRoute> routes) {
        return routes.stream().map(UacReply.RecordRoute::text).collect(Collectors.joining(", "));
    }
}
