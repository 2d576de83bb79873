package dev.locus.dmq;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * A DMQ node's address as Kamailio identifies it: host text, port text and transport, compared byte for byte
 * (so {@code sip:10.0.0.1:5090} and {@code sip:node1:5090} are two nodes, as in Kamailio 5.6). Always written with
 * an explicit port and without {@code ;transport=udp}. An IPv6 literal is kept in brackets and in its shortest form
 * (RFC 5952), however it was given, so {@code ::1}, {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are one host and
 * the URI's text is a valid SIP URI ({@code sip:[::1]:5090}).
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
        host = canonicalHost(host);
    }

    /**
     * A host as node URIs and node addresses are compared: an IPv6 literal (bare or in brackets, any spelling) in
     * brackets and RFC 5952's shortest form; anything else (an IPv4 address, a name) as given.
     */
    public static String canonicalHost(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.indexOf(':') < 0 || !bare.matches("[0-9a-fA-F:.]+")) {
            return host;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bare); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad IPv6 address: " + host);
        }
        return address instanceof Inet6Address v6 ? "[" + shortest(v6.getAddress()) + "]" : address.getHostAddress();
    }

    /** RFC 5952: lower-case groups without leading zeros, the longest run of two or more zero groups as {@code ::}. */
    private static String shortest(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
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
