package dev.locus.registrar.proxy;

import dev.locus.registrar.Binding;
import dev.locus.registrar.sip.MethodMask;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Kamailio's {@code lookup("location")} with method filtering: the live bindings of an AOR become targets, or the
 * lookup's refusal (404 when there is no binding, 405 when none lists the method in its Allow). A binding whose
 * flow belongs to another node of this cluster (a connection, or a NAT pinhole opened towards that node) is
 * reached through that node.
 */
final class TargetFinder {

    /** The Route parameter that asks the node holding a flow to deliver over it ({@code ip~port~proto}). */
    static final String FLOW_PARAM = "lflow";

    private final Predicate<Destination> isOurSocket;
    private final Predicate<String> isMemberHost;

    /**
     * @param isOurSocket  whether a socket is one of this node's SIP sockets
     * @param isMemberHost whether an address is another Locus member's (its flows are relayed to it)
     */
    TargetFinder(Predicate<Destination> isOurSocket, Predicate<String> isMemberHost) {
        this.isOurSocket = isOurSocket;
        this.isMemberHost = isMemberHost;
    }

    Lookup find(List<Binding> bindings, String method) {
        if (bindings.isEmpty()) {
            return Lookup.refused(404, "Not Found");
        }
        long bit = MethodMask.bit(method);
        List<Target> targets = new ArrayList<>();
        for (Binding b : bindings) {
            if ((b.methods() & bit) != 0) {
                targets.add(target(b));
            }
        }
        return targets.isEmpty() ? Lookup.refused(405, "Method Not Allowed") : Lookup.found(targets);
    }

    private Target target(Binding b) {
        List<String> path = PathValues.split(b.path());
        Optional<Destination> received = b.received().isEmpty() ? Optional.empty() : Destination.fromUri(b.received());
        if (!path.isEmpty()) {
            // The edge proxy on the Path holds the flow; it gets the request first (RFC 3327 §5.3).
            return new Target(b.contact(), path, Optional.empty(), b.socket(), b.q(), b.ruid(), false);
        }
        Optional<Destination> socket = Destination.fromSocket(b.socket());
        boolean flowBound = received.isPresent() || socket.map(Destination::connectionOriented).orElse(false);
        if (flowBound && socket.isPresent() && !isOurSocket.test(socket.get())) {
            Destination node = socket.get();
            String nodeUri = "sip:" + node.hostForUri() + ":" + node.port()
                    + (node.transport().equals("udp") ? "" : ";transport=" + node.transport()) + ";lr";
            if (isMemberHost.test(node.host())) {
                String route = "<" + nodeUri + received.map(r -> ";" + FLOW_PARAM + "=" + r.alias()).orElse("") + ">";
                return new Target(b.contact(), List.of(route), Optional.empty(), b.socket(), b.q(), b.ruid(), true);
            }
            if (node.connectionOriented()) {
                // A Kamailio node's connection: only it can write to it. Its default script delivers a request
                // routed through it by the alias in the Request-URI (loose_route + handle_ruri_alias).
                Optional<Destination> flow = received.or(() -> Destination.fromUri(b.contact()));
                if (flow.isPresent()) {
                    return new Target(withAlias(b.contact(), flow.get()), List.of("<" + nodeUri + ">"),
                            Optional.empty(), b.socket(), b.q(), b.ruid(), true);
                }
            }
        }
        return new Target(b.contact(), List.of(), received, b.socket(), b.q(), b.ruid(), false);
    }

    /** {@code sip:bob@host;transport=tcp} becomes {@code sip:bob@host;transport=tcp;alias=ip~port~proto}. */
    private static String withAlias(String contact, Destination flow) {
        int headers = contact.indexOf('?');
        String uri = headers < 0 ? contact : contact.substring(0, headers);
        return uri + ";alias=" + flow.alias() + (headers < 0 ? "" : contact.substring(headers));
    }
}
