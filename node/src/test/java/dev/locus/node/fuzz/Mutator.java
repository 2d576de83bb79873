package dev.locus.node.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies one {@link Mutation} to a message held as ISO-8859-1 text (one char per byte, so any byte value can be
 * placed and sent back unchanged). Every choice comes from the given random source: the same source state gives the
 * same bytes.
 */
final class Mutator {

    /** The largest UDP payload over IPv4: a datagram the kernel will send at all. */
    static final int MAX_DATAGRAM = 65_507;

    private static final String CRLF = "\r\n";
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern JSON_NUMBER = Pattern.compile("(?<=:)-?\\d+");
    private static final String[] OVERFLOWS = {"2147483647", "2147483648", "4294967295", "4294967296",
            "9223372036854775807", "9223372036854775808", "18446744073709551616", "-1", "-2147483649",
            "-9223372036854775809", "99999999999999999999999999999999999999", "0", "00000000000000000000000001",
            "1e400", "1.5", "-0", "+7", "0x7fffffff", "\u0661\u0662\u0663", "NaN", "Infinity", "1 2",
            "340282366920938463463374607431768211457"};
    private static final String[] CONTENT_LENGTHS = {"-1", "-2147483648", "2147483647", "2147483648",
            "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999", "abc", "", " ",
            "0x10", "+5", "1e3", "12 34", "5,6", "\t7"};
    /** Not UTF-8: overlong NUL and slash, lone continuation, truncated sequences, surrogates, never-valid bytes. */
    private static final String[] INVALID_UTF8 = {"\u00c0\u0080", "\u00c0\u00af", "\u0080", "\u00bf\u00bf",
            "\u00e2\u0082", "\u00ed\u00a0\u0080", "\u00ed\u00bf\u00bf", "\u00fe", "\u00ff", "\u00f8\u0088\u0080\u0080\u0080",
            "\u00f4\u0090\u0080\u0080", "\u00e0\u0080\u00af", "\u00c3", "\u00f0\u009f\u0098"};
    private static final String[] SPECIALS = {"<", ">", "\"", ";", ",", "\\", "%", "%00", "%zz", "%2", "@", ":",
            "[", "]", "=", " ", ";;", "<<", "sip:", "\\\"", "?", "&", "*", "'", "(", ")", "\t", "=\"", ";lr",
            ";transport=", ";expires=", "<sip:>", "sip:[", "[::1", "::", "\r", "\n"};
    private static final Map<String, String> TO_COMPACT = Map.ofEntries(Map.entry("via", "v"),
            Map.entry("from", "f"), Map.entry("to", "t"), Map.entry("call-id", "i"), Map.entry("contact", "m"),
            Map.entry("content-length", "l"), Map.entry("content-type", "c"), Map.entry("supported", "k"),
            Map.entry("session-expires", "x"), Map.entry("subject", "s"), Map.entry("content-encoding", "e"),
            Map.entry("event", "o"), Map.entry("refer-to", "r"), Map.entry("allow-events", "u"));
    private static final Map<String, String> FROM_COMPACT = Map.ofEntries(Map.entry("v", "Via"),
            Map.entry("f", "From"), Map.entry("t", "To"), Map.entry("i", "Call-ID"), Map.entry("m", "Contact"),
            Map.entry("l", "Content-Length"), Map.entry("c", "Content-Type"), Map.entry("k", "Supported"));
    private static final String[] COMPACT_LETTERS = {"v", "f", "t", "i", "m", "l", "c", "k", "x", "s", "e", "o",
            "r", "u", "a", "b", "y", "j", "n", "z"};
    private static final String[] METHODS = {"REGISTER", "INVITE", "KDMQ", "ACK", "OPTIONS", "BYE", "CANCEL",
            "register", "Register", "REGISTE", "REGISTERR", "KDMQ1", "kdmq", "INFO", "SUBSCRIBE", "PRACK", "GET",
            "X".repeat(300), "REG ISTER", "R\u00e9GISTER", ""};
    private static final String[] URIS = {"sip:example.com", "sips:example.com", "tel:+15551234567",
            "sip:", "sip:@", "sip:[::1", "sip:[::1]:99999", "sip:u@h:-1", "sip:example.com;transport=sctp",
            "sip:example.com:0", "mailto:a@b", "sip:%41%42@example.com", "sip:" + "a".repeat(5000) + "@example.com",
            "http://example.com/", "*", "sip:example.com?Route=%3Csip:evil%3E", "sip:u@256.256.256.256",
            "sip:notification_peer@127.0.0.1:5090", "sip:usrloc@[2001:db8::1]:5090", "<sip:example.com>"};
    private static final String[] VERSIONS = {"SIP/2.0", "SIP/2.1", "SIP/3.0", "SIP/2.0x", "sip/2.0", "HTTP/1.1",
            "SIP/", "SIP/2", "SIP/20", "SIP/2.00", ""};
    private static final String[] JSON_PIECES = {"null", "true", "\"\"", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"",
            "\"\\uZZZZ\"", "1e999", "-", "\"" + "x".repeat(20_000) + "\"", "{\"action\":", "]", "}", ",", "\"",
            "NaN", "9223372036854775808", "-9223372036854775809", "0.000001", "\"\u00ff\u00fe\""};

    private Mutator() {
    }

    static boolean appliesTo(Mutation mutation, String message) {
        return switch (mutation) {
            case JSON_BODY -> body(message).startsWith("{");
            default -> true;
        };
    }

    static String apply(Mutation mutation, String message, SplittableRandom r) {
        return switch (mutation) {
            case TRUNCATE -> message.substring(0, r.nextInt(Math.max(1, message.length())));
            case HUGE_HEADER -> hugeHeader(message, r);
            case REPEATED_HEADER -> repeatedHeader(message, r);
            case BAD_CONTENT_LENGTH -> badContentLength(message, r);
            case NUL -> insertAt(message, r, r.nextInt(4) == 0 ? "\u0000".repeat(1 + r.nextInt(64)) : "\u0000");
            case INVALID_UTF8 -> insertAt(message, r, pick(r, INVALID_UTF8));
            case OVERFLOW_NUMBER -> overflowNumber(message, r);
            case FOLDED_HEADER -> folded(message, r);
            case COMPACT_HEADER -> compact(message, r);
            case OVERSIZED -> oversized(message, r);
            case BYTE_FLIP -> byteFlip(message, r);
            case LINE_SURGERY -> lineSurgery(message, r);
            case LINE_ENDINGS -> lineEndings(message, r);
            case SPECIAL_CHARS -> insertAt(message, r, pick(r, SPECIALS));
            case START_LINE -> startLine(message, r);
            case JSON_BODY -> jsonBody(message, r);
        };
    }

    // --- the kinds ------------------------------------------------------------------------------------------------

    private static String hugeHeader(String message, SplittableRandom r) {
        int size = pick(r, new int[]{1_024, 4_096, 8_192, 16_000, 16_400, 32_768, 60_000});
        Lines lines = Lines.of(message);
        int style = r.nextInt(5);
        if (style == 0 || lines.headerCount() == 0) {
            lines.insertHeader(r.nextInt(lines.headerCount() + 1), "X-Fuzz: " + "a".repeat(size));
            return lines.join();
        }
        int h = r.nextInt(lines.headerCount());
        String line = lines.header(h);
        String grown = switch (style) {
            case 1 -> line + "x".repeat(size);
            case 2 -> line + ";p=v".repeat(size / 4);
            case 3 -> {
                int colon = line.indexOf(':');
                yield colon < 0 ? line + "\"" + "d".repeat(size) + "\""
                        : line.substring(0, colon + 1) + " \"" + "d".repeat(size) + "\" " + line.substring(colon + 1);
            }
            default -> line + ("," + line.substring(Math.max(0, line.indexOf(':') + 1))).repeat(
                    Math.max(1, size / Math.max(1, line.length())));
        };
        lines.setHeader(h, grown);
        return lines.join();
    }

    private static String repeatedHeader(String message, SplittableRandom r) {
        Lines lines = Lines.of(message);
        if (lines.headerCount() == 0) {
            return message + message;
        }
        int h = r.nextInt(lines.headerCount());
        String line = lines.header(h);
        int times = pick(r, new int[]{1, 1, 2, 3, 10, 100, 1_000});
        boolean scattered = r.nextBoolean();
        for (int i = 0; i < times; i++) {
            lines.insertHeader(scattered ? r.nextInt(lines.headerCount() + 1) : h, line);
        }
        return lines.join();
    }

    private static String badContentLength(String message, SplittableRandom r) {
        Lines lines = Lines.of(message);
        int at = lines.find(name -> name.equals("content-length") || name.equals("l"));
        int bodyLength = body(message).length();
        String value = switch (r.nextInt(4)) {
            case 0 -> Integer.toString(bodyLength + pick(r, new int[]{1, 2, 100, 10_000, 70_000}));
            case 1 -> Integer.toString(Math.max(0, bodyLength - 1 - r.nextInt(Math.max(1, bodyLength))));
            default -> pick(r, CONTENT_LENGTHS);
        };
        int choice = r.nextInt(6);
        if (at < 0 || choice == 0) {
            lines.insertHeader(r.nextInt(lines.headerCount() + 1), "Content-Length: " + value);
        } else if (choice == 1) {
            lines.removeHeader(at);
        } else {
            String name = lines.header(at).substring(0, lines.header(at).indexOf(':'));
            lines.setHeader(at, name + ": " + value);
        }
        return lines.join();
    }

    private static String overflowNumber(String message, SplittableRandom r) {
        Pattern p = body(message).startsWith("{") && r.nextBoolean() ? JSON_NUMBER : NUMBER;
        List<int[]> spans = new ArrayList<>();
        Matcher m = p.matcher(message);
        while (m.find()) {
            spans.add(new int[]{m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return insertAt(message, r, pick(r, OVERFLOWS));
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        return message.substring(0, span[0]) + pick(r, OVERFLOWS) + message.substring(span[1]);
    }

    private static String folded(String message, SplittableRandom r) {
        Lines lines = Lines.of(message);
        if (lines.headerCount() == 0) {
            return message;
        }
        int folds = 1 + r.nextInt(3);
        for (int f = 0; f < folds; f++) {
            int h = r.nextInt(lines.headerCount());
            String line = lines.header(h);
            int colon = Math.max(0, line.indexOf(':'));
            String ws = pick(r, new String[]{" ", "\t", "   ", " \t "});
            int at = switch (r.nextInt(6)) {
                case 0 -> r.nextInt(line.length() + 1); // anywhere, in the name too
                case 1 -> colon + 1;                    // value starts on the next line
                default -> colon + 1 + r.nextInt(Math.max(1, line.length() - colon));
            };
            at = Math.min(at, line.length());
            lines.setHeader(h, line.substring(0, at) + CRLF + ws + line.substring(at));
        }
        if (r.nextInt(8) == 0) {
            lines.insertHeader(0, " continuation-without-header"); // folding the start line
        }
        return lines.join();
    }

    private static String compact(String message, SplittableRandom r) {
        Lines lines = Lines.of(message);
        int style = r.nextInt(4);
        for (int h = 0; h < lines.headerCount(); h++) {
            String line = lines.header(h);
            int colon = line.indexOf(':');
            if (colon <= 0 || (style != 0 && r.nextInt(3) != 0)) {
                continue;
            }
            String name = line.substring(0, colon);
            String lower = name.trim().toLowerCase(Locale.ROOT);
            String renamed = switch (style) {
                case 0 -> TO_COMPACT.getOrDefault(lower, name);
                case 1 -> FROM_COMPACT.getOrDefault(lower, name);
                case 2 -> randomCase(name, r);
                default -> pick(r, COMPACT_LETTERS);
            };
            lines.setHeader(h, renamed + (r.nextInt(6) == 0 ? " " : "") + line.substring(colon));
        }
        return lines.join();
    }

    private static String oversized(String message, SplittableRandom r) {
        int size = pick(r, new int[]{16_384, 16_385, 20_000, 32_768, 48_000, 64_000, MAX_DATAGRAM});
        int grow = Math.max(0, size - message.length());
        Lines lines = Lines.of(message);
        if (r.nextBoolean()) {
            String body = lines.body() + "v=0\r\n" + "a=x-fuzz:" + "b".repeat(Math.max(0, grow - 16)) + CRLF;
            int at = lines.find(name -> name.equals("content-length") || name.equals("l"));
            String length = "Content-Length: " + body.length();
            if (at < 0) {
                lines.insertHeader(lines.headerCount(), length);
            } else {
                lines.setHeader(at, length);
            }
            lines.setBody(body);
        } else {
            int each = 200;
            for (int i = 0; i < grow / each; i++) {
                lines.insertHeader(lines.headerCount(), "X-Pad-" + i + ": " + "p".repeat(each - 12));
            }
        }
        return lines.join();
    }

    private static String byteFlip(String message, SplittableRandom r) {
        if (message.isEmpty()) {
            return message;
        }
        char[] chars = message.toCharArray();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
            chars[r.nextInt(chars.length)] = (char) r.nextInt(256);
        }
        return new String(chars);
    }

    private static String lineSurgery(String message, SplittableRandom r) {
        Lines lines = Lines.of(message);
        if (lines.headerCount() == 0) {
            return message;
        }
        int h = r.nextInt(lines.headerCount());
        switch (r.nextInt(4)) {
            case 0 -> lines.removeHeader(h);
            case 1 -> lines.insertHeader(r.nextInt(lines.headerCount() + 1), lines.header(h));
            case 2 -> {
                String line = lines.header(h);
                lines.removeHeader(h);
                lines.insertHeader(r.nextInt(lines.headerCount() + 1), line);
            }
            default -> lines.insertHeader(r.nextInt(lines.headerCount() + 1),
                    pick(r, new String[]{"", ":", ": value", "NoColon", "Bad Name: x", "X-Empty:", ":::", "\t"}));
        }
        return lines.join();
    }

    private static String lineEndings(String message, SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> message.replace(CRLF, "\n");
            case 1 -> message.replace(CRLF, "\r");
            case 2 -> {
                StringBuilder sb = new StringBuilder();
                for (String part : message.split(CRLF, -1)) {
                    if (!sb.isEmpty()) {
                        sb.append(pick(r, new String[]{CRLF, "\n", "\r", "\n\r", CRLF + CRLF}));
                    }
                    sb.append(part);
                }
                yield sb.toString();
            }
            case 3 -> message.replaceFirst("\r\n\r\n", CRLF);
            case 4 -> message.replaceFirst("\r\n\r\n", "\r\n\r\n\r\n\r\n");
            default -> CRLF.repeat(1 + r.nextInt(5)) + message;
        };
    }

    private static String startLine(String message, SplittableRandom r) {
        int eol = message.indexOf(CRLF);
        String line = eol < 0 ? message : message.substring(0, eol);
        String rest = eol < 0 ? "" : message.substring(eol);
        String[] parts = line.split(" ", -1);
        if (parts.length == 3 && !line.startsWith("SIP/")) {
            switch (r.nextInt(4)) {
                case 0 -> parts[0] = pick(r, METHODS);
                case 1 -> parts[1] = pick(r, URIS);
                case 2 -> parts[2] = pick(r, VERSIONS);
                default -> {
                    return String.join(pick(r, new String[]{"  ", "\t", "", " \u0000 "}), parts) + rest;
                }
            }
            return String.join(" ", parts) + rest;
        }
        // a response: another code or version
        return pick(r, new String[]{"SIP/2.0 99999 OK", "SIP/2.0 200", "SIP/2.0 abc OK", "SIP/2.0 -1 No",
                "SIP/3.0 200 OK", "SIP/2.0 700 Beyond", "SIP/2.0  200  OK", "SIP/2.0 180 Ringing"}) + rest;
    }

    private static String jsonBody(String message, SplittableRandom r) {
        int start = message.indexOf("\r\n\r\n");
        if (start < 0) {
            return message;
        }
        String head = message.substring(0, start + 4);
        String body = message.substring(start + 4);
        String mutated = switch (r.nextInt(7)) {
            case 0 -> "[".repeat(pick(r, new int[]{100, 1_000, 5_000})) + body;
            case 1 -> "{\"a\":".repeat(pick(r, new int[]{100, 1_000, 5_000})) + "1" + "}".repeat(10);
            case 2 -> body.replaceFirst("\"action\":\\d", "\"action\":" + pick(r, JSON_PIECES));
            case 3 -> body.replaceFirst("\"" + pick(r, new String[]{"aor", "ruid", "c", "callid", "expires", "q",
                    "cseq", "last_modified", "methods", "multi", "htname", "action"}) + "\":[^,}]*", "\"x\":1");
            case 4 -> body.substring(0, body.length() - 1) + "," + body.substring(1);
            case 5 -> body + pick(r, JSON_PIECES);
            default -> {
                int at = r.nextInt(body.length() + 1);
                yield body.substring(0, at) + pick(r, JSON_PIECES) + body.substring(at);
            }
        };
        return head + mutated;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static String insertAt(String message, SplittableRandom r, String piece) {
        int at = r.nextInt(message.length() + 1);
        return message.substring(0, at) + piece + message.substring(at);
    }

    private static String randomCase(String name, SplittableRandom r) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    static String body(String message) {
        int end = message.indexOf("\r\n\r\n");
        return end < 0 ? "" : message.substring(end + 4);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static int pick(SplittableRandom r, int[] values) {
        return values[r.nextInt(values.length)];
    }

    /** A message as start line, header lines and body, for surgery on whole lines. */
    private static final class Lines {
        private final String start;
        private final List<String> headers;
        private String body;
        private final boolean hasBlankLine;

        private Lines(String start, List<String> headers, String body, boolean hasBlankLine) {
            this.start = start;
            this.headers = headers;
            this.body = body;
            this.hasBlankLine = hasBlankLine;
        }

        static Lines of(String message) {
            int end = message.indexOf("\r\n\r\n");
            String head = end < 0 ? message : message.substring(0, end);
            String body = end < 0 ? "" : message.substring(end + 4);
            List<String> all = new ArrayList<>(List.of(head.split(CRLF, -1)));
            String start = all.remove(0);
            return new Lines(start, all, body, end >= 0);
        }

        int headerCount() {
            return headers.size();
        }

        String header(int i) {
            return headers.get(i);
        }

        void setHeader(int i, String line) {
            headers.set(i, line);
        }

        void insertHeader(int i, String line) {
            headers.add(i, line);
        }

        void removeHeader(int i) {
            headers.remove(i);
        }

        String body() {
            return body;
        }

        void setBody(String body) {
            this.body = body;
        }

        int find(java.util.function.Predicate<String> lowerName) {
            for (int i = 0; i < headers.size(); i++) {
                int colon = headers.get(i).indexOf(':');
                if (colon > 0 && lowerName.test(headers.get(i).substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
            return -1;
        }

        String join() {
            StringBuilder sb = new StringBuilder(start);
            for (String h : headers) {
                sb.append(CRLF).append(h);
            }
            if (hasBlankLine || !body.isEmpty()) {
                sb.append(CRLF).append(CRLF).append(body);
            }
            return sb.toString();
        }
    }
}
