package dev.locus.dmq;

import java.util.Locale;
import java.util.Objects;

/**
 * A DMQ node's address as Kamailio identifies it: host text, port text and transport, compared byte for byte
 * (so {@code sip:10.0.0.1:5090} and {@code sip:node1:5090} are two nodes, as in Kamailio 5.6). Always written with
 * an explicit port and without {@code ;transport=udp}.
 *
 * @param proto empty when not given (UDP); otherwise lower-case {@code tcp}, {@code tls}, ...
 */
public record DmqUri(String host, String port, String proto) {

    public DmqUri {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        proto = proto == null || proto.equalsIgnoreCase("udp") ? "" : proto.toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a DMQ URI needs a host");
        }
    }

    public static DmqUri of(String host, int port) {
        return new DmqUri(host, Integer.toString(port), "");
    }

    /** Parses {@code sip:[user@]host[:port][;params]}; the port defaults to 5060 as a SIP URI's does. */
    public static DmqUri parse(String text) {
        String t = text.trim();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!t.regionMatches(true, 0, "sip:", 0, 4)) {
            throw new IllegalArgumentException("not a sip URI: " + text);
        }
        t = t.substring(4);
        String params = "";
        int semicolon = t.indexOf(';');
        if (semicolon >= 0) {
            params = t.substring(semicolon + 1);
            t = t.substring(0, semicolon);
        }
        int at = t.indexOf('@');
        if (at >= 0) {
            t = t.substring(at + 1);
        }
        String host;
        String port = "5060";
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated IPv6 host: " + text);
            }
            host = t.substring(0, close + 1);
            if (t.length() > close + 1 && t.charAt(close + 1) == ':') {
                port = t.substring(close + 2);
            }
        } else {
            int colon = t.indexOf(':');
            host = colon >= 0 ? t.substring(0, colon) : t;
            if (colon >= 0) {
                port = t.substring(colon + 1);
            }
        }
        if (!port.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("bad port in " + text);
        }
        String proto = "";
        for (String p : params.split(";")) {
            if (p.regionMatches(true, 0, "transport=", 0, 10)) {
                proto = p.substring(10);
            }
        }
        return new DmqUri(host, port, proto);
    }

    public int portNumber() {
        return Integer.parseInt(port);
    }

    /** The node's line form without status, e.g. {@code sip:127.0.0.11:5090}. */
    public String text() {
        return "sip:" + host + ":" + port + transportParam();
    }

    /** The URI addressing one channel on this node, e.g. {@code sip:usrloc@127.0.0.11:5090}. */
    public String channelUri(String channel) {
        return "sip:" + channel + "@" + host + ":" + port + transportParam();
    }

    private String transportParam() {
        return proto.isEmpty() ? "" : ";transport=" + proto;
    }

    @Override
    public String toString() {
        return text();
    }
}
