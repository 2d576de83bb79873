package dev.locus.node.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP messages a sipp process sent and received, read from its message log ({@code -trace_msg}), for assertions
 * such as "the INVITE arrived carrying two Record-Route entries". Headers only; bodies are skipped.
 */
public record SipTrace(List<Message> messages) {

    private static final String SEPARATOR = "-----------------------------------------------";
    private static final Pattern DIRECTION = Pattern.compile("^(\\w+) message (sent|received)\\b.*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id",
            "m", "contact", "l", "content-length", "c", "content-type");

    /** One message: when sipp logged it, which way it went, its start line and its header fields in order. */
    public record Message(LocalDateTime time, String transport, boolean received, String startLine,
                          List<Map.Entry<String, String>> headers) {

        public boolean isRequest() {
            return !startLine.startsWith("SIP/2.0");
        }

        /** The request's method, or for a response the method of its CSeq. */
        public String method() {
            if (isRequest()) {
                return startLine.substring(0, startLine.indexOf(' '));
            }
            String cseq = header("CSeq").get(0).trim();
            return cseq.substring(cseq.indexOf(' ') + 1).trim();
        }

        /** The response's status code (0 for a request). */
        public int status() {
            return isRequest() ? 0 : Integer.parseInt(startLine.substring(8, 11));
        }

        /** The values of every field of this name (compact forms included), one per header line. */
        public List<String> header(String name) {
            String wanted = name.toLowerCase();
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                String n = h.getKey().toLowerCase();
                if (n.equals(wanted) || wanted.equals(COMPACT.get(n))) {
                    values.add(h.getValue());
                }
            }
            return values;
        }

        /**
         * The entries of a list-valued header (Via, Route, Record-Route, Contact), whether sent as one line each or
         * comma-separated on fewer lines: the comparison that does not depend on how a peer folds them.
         */
        public List<String> entries(String name) {
            List<String> entries = new ArrayList<>();
            for (String value : header(name)) {
                entries.addAll(splitList(value));
            }
            return entries;
        }

        @Override
        public String toString() {
            return (received ? "received " : "sent ") + startLine;
        }
    }

    public static SipTrace read(Path messageLog) throws IOException {
        if (!Files.exists(messageLog)) {
            return new SipTrace(List.of());
        }
        List<Message> messages = new ArrayList<>();
        String[] lines = Files.readString(messageLog).replace("\r", "").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith(SEPARATOR) || i + 1 >= lines.length) {
                continue;
            }
            Matcher direction = DIRECTION.matcher(lines[i + 1]);
            if (!direction.matches()) {
                continue;
            }
            LocalDateTime time = LocalDateTime.parse(lines[i].substring(SEPARATOR.length()).trim(), TIME);
            int line = i + 2;
            while (line < lines.length && lines[line].isBlank()) {
                line++;
            }
            if (line >= lines.length) {
                break;
            }
            String startLine = lines[line++];
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (; line < lines.length && !lines[line].isEmpty(); line++) {
                String header = lines[line];
                if ((header.startsWith(" ") || header.startsWith("\t")) && !headers.isEmpty()) {
                    Map.Entry<String, String> last = headers.remove(headers.size() - 1);
                    headers.add(Map.entry(last.getKey(), last.getValue() + " " + header.trim()));
                    continue;
                }
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
                }
            }
            messages.add(new Message(time, direction.group(1), direction.group(2).equals("received"), startLine,
                    List.copyOf(headers)));
            i = line;
        }
        return new SipTrace(List.copyOf(messages));
    }

    /** Requests of this method that arrived, in order. */
    public List<Message> receivedRequests(String method) {
        return messages.stream().filter(m -> m.received() && m.isRequest() && m.method().equals(method)).toList();
    }

    /** Responses that arrived, in order. */
    public List<Message> receivedResponses() {
        return messages.stream().filter(m -> m.received() && !m.isRequest()).toList();
    }

    /** Responses this sipp sent, in order. */
    public List<Message> sentResponses() {
        return messages.stream().filter(m -> !m.received() && !m.isRequest()).toList();
    }

    private static List<String> splitList(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
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
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
