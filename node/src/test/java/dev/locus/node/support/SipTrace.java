package dev.locus.node.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP messages a sipp process sent and received, read from its message log ({@code -trace_msg}), for assertions
 * such as "the INVITE arrived carrying two Record-Route entries".
 */
public record SipTrace(List<Traced> messages) {

    private static final String SEPARATOR = "-----------------------------------------------";
    private static final Pattern DIRECTION = Pattern.compile("^(\\w+) message (sent|received)\\b.*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** One message, when sipp logged it and which way it went. */
    public record Traced(LocalDateTime time, String transport, boolean received, SipMessage message) {

        public boolean isRequest() {
            return message.isRequest();
        }

        /** The request's method, or for a response the method of its CSeq. */
        public String method() {
            return message.method();
        }

        /** The response's status code (0 for a request). */
        public int status() {
            return message.status();
        }

        /** Every value of a header, comma-separated values split: independent of how a peer folds a list. */
        public List<String> all(String header) {
            return message.all(header);
        }

        @Override
        public String toString() {
            return (received ? "received " : "sent ") + message.firstLine();
        }
    }

    public static SipTrace read(Path messageLog) throws IOException {
        if (!Files.exists(messageLog)) {
            return new SipTrace(List.of());
        }
        List<Traced> messages = new ArrayList<>();
        // sipp logs each message after a separator line with the time and a line saying which way it went
        String[] lines = Files.readString(messageLog).replace("\r", "").split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher direction = DIRECTION.matcher(lines[i + 1]);
            if (!lines[i].startsWith(SEPARATOR) || !direction.matches()) {
                continue;
            }
            LocalDateTime time = LocalDateTime.parse(lines[i].substring(SEPARATOR.length()).trim(), TIME);
            int line = i + 2;
            while (line < lines.length && lines[line].isBlank()) {
                line++;
            }
            StringBuilder head = new StringBuilder();
            for (; line < lines.length && !lines[line].isEmpty(); line++) {
                head.append(lines[line]).append("\r\n");
            }
            if (!head.isEmpty()) {
                messages.add(new Traced(time, direction.group(1), direction.group(2).equals("received"),
                        SipMessage.parse(head + "\r\n")));
            }
            i = line;
        }
        return new SipTrace(List.copyOf(messages));
    }

    /** Requests of this method that arrived, in order. */
    public List<Traced> receivedRequests(String method) {
        return messages.stream().filter(m -> m.received() && m.isRequest() && m.method().equals(method)).toList();
    }

    /** Requests of this method that this sipp sent, in order. */
    public List<Traced> sentRequests(String method) {
        return messages.stream().filter(m -> !m.received() && m.isRequest() && m.method().equals(method)).toList();
    }

    /** Responses that arrived, in order. */
    public List<Traced> receivedResponses() {
        return messages.stream().filter(m -> m.received() && !m.isRequest()).toList();
    }

    /** Responses this sipp sent, in order. */
    public List<Traced> sentResponses() {
        return messages.stream().filter(m -> !m.received() && !m.isRequest()).toList();
    }
}
