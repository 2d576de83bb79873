package dev.locus.registrar.proxy;

import dev.locus.registrar.location.SipUri;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a request is sent, as opposed to what its Request-URI names: a NATed binding's {@code received} address,
 * or the far end of a flow. The transport is lower-case ({@code udp}, {@code tcp}).
 */
record Destination(String transport, String host, int port) {

    Destination {
        transport = transport.toLowerCase(Locale.ROOT);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code sip:1.2.3.4:5060;transport=tcp} as usrloc stores {@code received}; empty when it is not one. */
    static Optional<Destination> fromUri(String uri) {
        Optional<SipUri> parsed = SipUri.parse(uri);
        if (parsed.isEmpty() || parsed.get().host().isEmpty()) {
            return Optional.empty();
        }
        SipUri u = parsed.get();
        String transport = u.params().getOrDefault("transport", u.scheme().equals("sips") ? "tls" : "udp");
        int port = u.port() > 0 ? u.port() : (transport.equals("tls") ? 5061 : 5060);
        if (port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new Destination(transport, u.host(), port));
    }

    /** A socket as usrloc writes it: {@code tcp:127.0.0.1:5060}, {@code udp:[::1]:5060}. */
    static Optional<Destination> fromSocket(String socket) {
        int first = socket.indexOf(':');
        int last = socket.lastIndexOf(':');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(socket.substring(last + 1));
            if (port <= 0 || port > 65535) {
                return Optional.empty();
            }
            return Optional.of(new Destination(socket.substring(0, first), socket.substring(first + 1, last), port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Flow-bound: a reply or a request can only come back over the connection the peer opened. */
    boolean connectionOriented() {
        return !transport.equals("udp");
    }

    /** Kamailio's alias form ({@code ip~port~proto}), safe inside a URI parameter. */
    String alias() {
        return host + "~" + port + "~" + switch (transport) {
            case "tcp" -> "2";
            case "tls" -> "3";
            case "sctp" -> "4";
            case "ws" -> "5";
            case "wss" -> "6";
            default -> "1";
        };
    }

    static Optional<Destination> fromAlias(String alias) {
        String[] parts = alias.split("~", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String transport = switch (parts[2]) {
            case "1" -> "udp";
            case "2" -> "tcp";
            case "3" -> "tls";
            case "4" -> "sctp";
            case "5" -> "ws";
            case "6" -> "wss";
            default -> null;
        };
        try {
            int port = Integer.parseInt(parts[1]);
            if (transport == null || parts[0].isEmpty() || port <= 0 || port > 65535) {
                return Optional.empty();
            }
            return Optional.of(new Destination(transport, parts[0], port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String hostForUri() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return transport + ":" + hostForUri() + ":" + port;
    }
}
