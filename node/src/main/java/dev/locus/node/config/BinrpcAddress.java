package dev.locus.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where binrpc is served, written as Kamailio's ctl {@code binrpc} parameter is ({@code ctrl_socks.c
 * parse_listen_id}): {@code unix:/path} or {@code unixs:/path} (a unix stream socket; a bare {@code /path} too),
 * {@code tcp:host:port}, {@code udp:host:port}; without a port, ctl's 2049; {@code [::1]} for IPv6. Kamailio's
 * unix datagram sockets ({@code unixd:}) are not offered: the JDK has none.
 */
public record BinrpcAddress(Kind kind, Path path, String host, int port) {

    /** ctl's port when none is given. */
    public static final int DEFAULT_PORT = 2049;

    public enum Kind { UNIX, TCP, UDP }

    public static BinrpcAddress unix(Path path) {
        return new BinrpcAddress(Kind.UNIX, path, null, 0);
    }

    /** @throws IllegalArgumentException with what is wrong with {@code text} */
    public static BinrpcAddress parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String proto = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? t : t.substring(colon + 1);
        switch (proto) {
            case "unix", "unixs" -> {
                return unixPath(text, rest);
            }
            case "unixd" -> throw new IllegalArgumentException("'" + text + "': unix datagram sockets (unixd:) are not "
                    + "supported; use unix:/path (stream), as kamcmd's default unixs: is");
            case "tcp" -> {
                return inet(Kind.TCP, text, rest);
            }
            case "udp" -> {
                return inet(Kind.UDP, text, rest);
            }
            default -> {
                if (t.startsWith("/")) {
                    return unixPath(text, t);
                }
                throw new IllegalArgumentException("'" + text + "' is not unix:/path, tcp:host:port or udp:host:port");
            }
        }
    }

    private static BinrpcAddress unixPath(String text, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "': a unix socket needs an absolute path");
        }
        return unix(Path.of(path));
    }

    private static BinrpcAddress inet(Kind kind, String text, String hostPort) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': unclosed [");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 1);
            if (!port.isEmpty() && !port.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "': expected :port after ]");
            }
            port = port.isEmpty() ? "" : port.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [::1]:2049");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': no host");
        }
        if (port.isEmpty() && host.chars().allMatch(Character::isDigit)) {
            // ctl reads tcp:2049 as every address, port 2049.
            port = host;
            host = "*";
        }
        int number;
        try {
            number = port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port is not a number");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("'" + text + "': port out of range");
        }
        return new BinrpcAddress(kind, null, host, number);
    }

    /** The address to bind: {@code *} is every address. */
    public InetSocketAddress socketAddress() throws UnknownHostException {
        if (kind == Kind.UNIX) {
            throw new IllegalStateException("a unix socket has no IP address: " + this);
        }
        return host.equals("*") ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** A unix socket (reached through the file system only) or an IP socket bound to loopback. */
    public boolean isLocal() {
        if (kind == Kind.UNIX) {
            return true;
        }
        try {
            return !host.equals("*") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** As Kamailio and kamcmd write it: {@code kamcmd -s <this>} reaches the socket. */
    @Override
    public String toString() {
        if (kind == Kind.UNIX) {
            return "unix:" + path;
        }
        return kind.name().toLowerCase(Locale.ROOT) + ":" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
