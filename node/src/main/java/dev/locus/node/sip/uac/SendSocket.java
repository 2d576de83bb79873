package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The socket parameter of {@code t_uac}, read as Kamailio's {@code parse_phostport} reads it ({@code [proto:]host[:port]},
 * IPv6 in brackets) and matched as its {@code grep_sock_info} matches: no protocol means any (UDP first), no port
 * means any port.
 */
final class SendSocket {

    private SendSocket() {
    }

    /** @return the listen socket meant, or empty for {@code .} and the empty text (the default socket) */
    static Optional<SocketSpec> find(String text, List<SocketSpec> listen) throws UacException {
        if (UacRequest.none(text)) {
            return Optional.empty();
        }
        Wanted wanted = parse(text);
        for (String transport : wanted.transport().map(List::of).orElse(List.of("udp", "tcp"))) {
            for (SocketSpec s : listen) {
                if (s.transport().equals(transport) && s.host().equalsIgnoreCase(wanted.host())
                        && (wanted.port() == 0 || s.port() == wanted.port())) {
                    return Optional.of(s);
                }
            }
        }
        throw new UacException(UacException.Reason.NO_SUCH_SOCKET, text);
    }

    private record Wanted(Optional<String> transport, String host, int port) {
    }

    private static Wanted parse(String text) throws UacException {
        int first = -1;
        int second = -1;
        int brackets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (c == ':' && brackets == 0) {
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                } else {
                    throw bad(text);
                }
            }
            if (brackets < 0 || brackets > 1) {
                throw bad(text);
            }
        }
        if (text.endsWith(":")) {
            throw bad(text);
        }
        if (first < 0) {
            return new Wanted(Optional.empty(), host(text, text), 0);
        }
        if (second >= 0) {
            return new Wanted(Optional.of(protocol(text.substring(0, first), text)), host(text.substring(first + 1, second), text),
                    port(text.substring(second + 1)).orElseThrow(() -> bad(text)));
        }
        // One colon: host:port when a port follows, else proto:host.
        Optional<Integer> port = port(text.substring(first + 1));
        if (port.isPresent()) {
            return new Wanted(Optional.empty(), host(text.substring(0, first), text), port.get());
        }
        return new Wanted(Optional.of(protocol(text.substring(0, first), text)), host(text.substring(first + 1), text), 0);
    }

    private static String protocol(String p, String text) throws UacException {
        String t = p.toLowerCase(Locale.ROOT);
        if (!t.equals("udp") && !t.equals("tcp")) {
            throw bad(text); // tls, sctp, ws: Kamailio knows them, Locus listens on none
        }
        return t;
    }

    private static String host(String h, String text) throws UacException {
        String host = h.startsWith("[") && h.endsWith("]") && h.length() > 2 ? h.substring(1, h.length() - 1) : h;
        // An empty host, or Kamailio's multi-homed "(a, b)" form, is no single socket.
        if (host.isEmpty() || host.startsWith("(")) {
            throw bad(text);
        }
        return host;
    }

    private static Optional<Integer> port(String p) {
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int port = Integer.parseInt(p);
        return port > 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
    }

    private static UacException bad(String text) {
        return new UacException(UacException.Reason.BAD_SOCKET, text);
    }
}
