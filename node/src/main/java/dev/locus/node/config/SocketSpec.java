package dev.locus.node.config;

import java.util.Locale;

/** One SIP listen socket, written as Kamailio writes it: {@code udp:127.0.0.1:5060}, {@code tcp:[::1]:5060}. */
public record SocketSpec(String transport, String host, int port) {

    public SocketSpec {
        transport = transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new IllegalArgumentException("transport must be udp or tcp: " + transport);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static SocketSpec parse(String key, String text) {
        String t = text.trim();
        int first = t.indexOf(':');
        int last = t.lastIndexOf(':');
        if (first <= 0 || last == first) {
            throw new ConfigException(key + ": '" + text + "' is not proto:host:port");
        }
        String host = t.substring(first + 1, last);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new SocketSpec(t.substring(0, first), host, Integer.parseInt(t.substring(last + 1)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": '" + text + "' " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return transport + ":" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
