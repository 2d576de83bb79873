package dev.locus.node.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Any SIP message as text (request or response), parsed just enough for a test UA and its assertions. */
public record SipMessage(String firstLine, List<String[]> headers, String body, String raw) {

    private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>\\s]+)");

    public static SipMessage parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        String[] lines = head.split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[]{expand(lines[i].substring(0, colon).trim()), lines[i].substring(colon + 1).trim()});
            }
        }
        return new SipMessage(lines[0], headers, body, raw);
    }

    public boolean isRequest() {
        return !firstLine.startsWith("SIP/2.0 ");
    }

    public String method() {
        return isRequest() ? firstLine.substring(0, firstLine.indexOf(' ')) : cseqMethod();
    }

    public String requestUri() {
        return firstLine.split(" ")[1];
    }

    public int status() {
        return isRequest() ? 0 : Integer.parseInt(firstLine.split(" ")[1]);
    }

    public String cseqMethod() {
        String cseq = first("cseq").orElse("0 NONE");
        return cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    public Optional<String> first(String name) {
        List<String> all = all(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public String header(String name) {
        return first(name).orElseThrow(() -> new AssertionError("no " + name + " in\n" + raw));
    }

    /** Every value of a header in order, comma-separated values split (outside angle brackets and quotes). */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                values.addAll(split(h[1]));
            }
        }
        return values;
    }

    /** Every value of a header in order, as written: for headers with commas inside a value (challenges). */
    public List<String> lines(String name) {
        List<String> values = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                values.add(h[1]);
            }
        }
        return values;
    }

    public String callId() {
        return header("call-id");
    }

    public Optional<String> toTag() {
        return tag(header("to"));
    }

    static Optional<String> tag(String nameAddr) {
        int close = nameAddr.lastIndexOf('>');
        Matcher m = TAG.matcher(close >= 0 ? nameAddr.substring(close) : nameAddr);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The URI inside a name-addr ({@code <sip:...>}), or the value itself. */
    public static String uriOf(String nameAddr) {
        int open = nameAddr.indexOf('<');
        int close = nameAddr.indexOf('>', open + 1);
        return open >= 0 && close > open ? nameAddr.substring(open + 1, close) : nameAddr.split(";")[0].trim();
    }

    /** Comma-separated header values, split outside angle brackets and quotes. */
    static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(value.substring(start).trim());
        return parts;
    }

    private static String expand(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "m" -> "contact";
            case "t" -> "to";
            case "f" -> "from";
            case "i" -> "call-id";
            case "v" -> "via";
            case "k" -> "supported";
            case "l" -> "content-length";
            case "c" -> "content-type";
            default -> name.toLowerCase(Locale.ROOT);
        };
    }
}
