package dev.locus.node.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A SIP response as text, parsed just enough for assertions: status line and headers, compact forms expanded. */
public record SipResponse(int status, String reason, List<String[]> headers, String raw) {

    public static SipResponse parse(String raw) {
        String[] lines = raw.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (!statusLine[0].equals("SIP/2.0")) {
            throw new IllegalArgumentException("not a SIP response: " + lines[0]);
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[]{expand(lines[i].substring(0, colon).trim()), lines[i].substring(colon + 1).trim()});
        }
        return new SipResponse(Integer.parseInt(statusLine[1]), statusLine.length > 2 ? statusLine[2] : "", headers, raw);
    }

    private static String expand(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "m" -> "contact";
            case "t" -> "to";
            case "f" -> "from";
            case "i" -> "call-id";
            case "v" -> "via";
            case "k" -> "supported";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }

    /** Every value of a header, comma-separated values split (outside angle brackets and quotes). */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                values.addAll(splitValues(h[1]));
            }
        }
        return values;
    }

    /** Every header line's value as sent, unsplit (for headers such as WWW-Authenticate that hold commas). */
    public List<String> lines(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                values.add(h[1]);
            }
        }
        return values;
    }

    public Optional<String> first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The URIs of the Contact headers, without angle brackets. */
    public List<String> contactUris() {
        return all("contact").stream().map(c -> c.substring(c.indexOf('<') + 1, c.indexOf('>'))).toList();
    }

    /** The expires parameter of the Contact whose URI is {@code uri}. */
    public long contactExpires(String uri) {
        return Long.parseLong(contactParam(uri, "expires").orElseThrow());
    }

    public Optional<String> contactParam(String uri, String param) {
        for (String c : all("contact")) {
            if (c.substring(c.indexOf('<') + 1, c.indexOf('>')).equals(uri)) {
                for (String p : c.substring(c.indexOf('>') + 1).split(";")) {
                    String[] kv = p.trim().split("=", 2);
                    if (kv[0].equalsIgnoreCase(param)) {
                        return Optional.of(kv.length > 1 ? kv[1] : "");
                    }
                }
                return Optional.empty();
            }
        }
        throw new AssertionError("no Contact " + uri + " in\n" + raw);
    }

    private static List<String> splitValues(String value) {
        return SipMessage.split(value);
    }
}
