package dev.locus.registrar.location;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A sip or sips URI reduced to what RFC 3261 §19.1.4 compares: escapes decoded, case folded where the RFC says
 * case does not matter. Used to decide whether a Contact refreshes an existing binding.
 */
public record SipUri(String scheme, String user, String password, String host, int port,
                     Map<String, String> params, Map<String, String> headers) {

    /** Parameters that make two URIs differ when only one of them has it. */
    private static final Set<String> DECISIVE_PARAMS = Set.of("user", "ttl", "method", "maddr", "transport");

    public SipUri {
        params = Map.copyOf(params);
        headers = Map.copyOf(headers);
    }

    /** Parses a sip/sips URI; anything else (another scheme, a malformed URI) is empty. */
    public static Optional<SipUri> parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.empty();
        }
        String rest = text.substring(colon + 1);
        String headerPart = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            headerPart = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        String user = "";
        String password = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int pw = userInfo.indexOf(':');
            user = unescape(pw >= 0 ? userInfo.substring(0, pw) : userInfo);
            password = pw >= 0 ? unescape(userInfo.substring(pw + 1)) : "";
            if (user == null || password == null) {
                return Optional.empty();
            }
        }
        String[] parts = rest.split(";", -1);
        String hostPort = parts[0];
        String host;
        int port = -1;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return Optional.empty();
                }
                port = parsePort(after.substring(1));
            }
        } else {
            int portColon = hostPort.indexOf(':');
            host = portColon >= 0 ? hostPort.substring(0, portColon) : hostPort;
            if (portColon >= 0) {
                port = parsePort(hostPort.substring(portColon + 1));
            }
        }
        if (host.isEmpty() || port == -2) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            String name = unescape(eq >= 0 ? parts[i].substring(0, eq) : parts[i]);
            String value = eq >= 0 ? unescape(parts[i].substring(eq + 1)) : "";
            if (name == null || value == null) {
                return Optional.empty();
            }
            params.put(name.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
        }
        Map<String, String> headers = new HashMap<>();
        if (!headerPart.isEmpty()) {
            for (String h : headerPart.split("&")) {
                int eq = h.indexOf('=');
                String name = unescape(eq >= 0 ? h.substring(0, eq) : h);
                String value = eq >= 0 ? unescape(h.substring(eq + 1)) : "";
                if (name == null || value == null) {
                    return Optional.empty();
                }
                headers.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return Optional.of(new SipUri(scheme, user, password, host.toLowerCase(Locale.ROOT), port, params, headers));
    }

    /**
     * RFC 3261 §19.1.4: user and password case-sensitive, host case-insensitive, an absent port differs from an
     * explicit 5060, the decisive parameters must agree when either side has them, other parameters only when
     * both have them, and headers must be the same set.
     */
    public boolean equivalentTo(SipUri other) {
        if (!scheme.equals(other.scheme) || !user.equals(other.user) || !password.equals(other.password)
                || !host.equals(other.host) || port != other.port || !headers.equals(other.headers)) {
            return false;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            String theirs = other.params.get(p.getKey());
            if (theirs == null ? DECISIVE_PARAMS.contains(p.getKey()) : !theirs.equals(p.getValue())) {
                return false;
            }
        }
        for (String name : other.params.keySet()) {
            if (DECISIVE_PARAMS.contains(name) && !params.containsKey(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * What every URI {@link #equivalentTo} this one shares: all it compares except the parameters that count only
     * when both URIs have them. Equal keys are necessary for equivalence, so a map by key finds the candidates for
     * a comparison at once instead of comparing against every stored contact.
     */
    public String comparisonKey() {
        StringBuilder key = new StringBuilder().append(scheme).append('\0').append(user).append('\0')
                .append(password).append('\0').append(host).append('\0').append(port);
        new TreeMap<>(headers).forEach((n, v) -> key.append('\0').append('?').append(n).append('=').append(v));
        params.entrySet().stream().filter(p -> DECISIVE_PARAMS.contains(p.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> key.append('\0').append(';').append(p.getKey()).append('=').append(p.getValue()));
        return key.toString();
    }

    /**
     * The key under which {@link #sameContact} can only find contacts with the same key: the
     * {@link #comparisonKey} of a sip/sips URI, the case-folded text of anything else.
     */
    public static String contactKey(String contact) {
        return parse(contact).map(uri -> "u" + uri.comparisonKey())
                .orElseGet(() -> "t" + foldCase(contact));
    }

    /** Folds each character as {@link String#equalsIgnoreCase} compares it, so equal-ignoring-case means equal. */
    private static String foldCase(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            folded.append(Character.toLowerCase(Character.toUpperCase(text.charAt(i))));
        }
        return folded.toString();
    }

    /** Compares two contact URIs: RFC 3261 rules for sip/sips, plain case-insensitive text otherwise. */
    public static boolean sameContact(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Optional<SipUri> pa = parse(a);
        Optional<SipUri> pb = parse(b);
        if (pa.isPresent() && pb.isPresent()) {
            return pa.get().equivalentTo(pb.get());
        }
        return pa.isEmpty() && pb.isEmpty() && a.equalsIgnoreCase(b);
    }

    private static int parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return -2;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -2;
            }
        }
        int port = Integer.parseInt(digits);
        return port > 65535 ? -2 : port;
    }

    /** Decodes %XX escapes; null when an escape is malformed. */
    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
