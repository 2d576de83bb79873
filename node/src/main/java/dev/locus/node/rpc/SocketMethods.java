package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code core.sockets_list} and {@code corex.list_sockets}, in Kamailio 5.6's shapes as a live 5.6.3 answers them:
 * UDP sockets first, then TCP (Kamailio walks its lists by protocol), each in configuration order. A node has no
 * multicast, multi-homed (SCTP) or virtual sockets, nor socket names: "no" and "-", as Kamailio shows them unset.
 */
public final class SocketMethods {

    private final List<ListenSocket> sockets;

    public SocketMethods(List<ListenSocket> sockets) {
        List<ListenSocket> ordered = new ArrayList<>(sockets);
        // Stable: within a protocol, the configuration's order.
        ordered.sort(Comparator.comparingInt(s -> s.proto().equals("udp") ? 0 : 1));
        this.sockets = List.copyOf(ordered);
    }

    public void registerIn(RpcMethods methods) {
        methods.register("core.sockets_list", "List local SIP server listen sockets", params -> socketsList());
        methods.register("corex.list_sockets", "List listening sockets", params -> listSockets());
    }

    private JsonNode socketsList() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ListenSocket s : sockets) {
            out.addObject().putObject("socket")
                    .put("proto", s.proto())
                    .put("address", name(s))
                    .put("ipaddress", s.host())
                    .put("port", Integer.toString(s.port()))
                    .put("mcast", "no")
                    .put("mhomed", "no")
                    .put("virtual", "no");
        }
        return out;
    }

    private JsonNode listSockets() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ListenSocket s : sockets) {
            ObjectNode o = out.addObject().put("PROTO", s.proto()).put("NAME", name(s));
            o.putObject("ADDRLIST").put("ADDR", s.host());
            o.put("PORT", Integer.toString(s.port()))
                    .put("MCAST", "no")
                    .put("MHOMED", "no")
                    .put("VIRTUAL", "no")
                    .put("SOCKNAME", "-")
                    .put("ADVERTISE", s.advertise().isEmpty() ? "-" : s.advertise());
        }
        return out;
    }

    /** Kamailio names an IPv6 socket as it is written in {@code listen}: in brackets. */
    private static String name(ListenSocket s) {
        return s.host().indexOf(':') >= 0 ? "[" + s.host() + "]" : s.host();
    }
}
