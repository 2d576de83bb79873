package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NodeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notification_peer} body: one {@code sip:host:port;status=...} line per node, every line ending in
 * CRLF (a 5.6.3 Kamailio that reads a last line without one locks up: never send it).
 */
public final class NotificationBody {

    /** One line as read: the node and the status it gave, if any. */
    public record Line(DmqUri uri, Optional<NodeStatus> status) {
    }

    private NotificationBody() {
    }

    public static String write(List<DmqNode> nodes) {
        StringBuilder body = new StringBuilder();
        for (DmqNode n : nodes) {
            body.append(n.uri().text()).append(";status=").append(n.status().wire()).append("\r\n");
        }
        return body.toString();
    }

    /**
     * Reads every well-formed line; a malformed one (bad URI, unknown status) is skipped, never fatal, unlike in
     * Kamailio 5.6.3. A line without status means {@code pending}, as there.
     */
    public static List<Line> read(String body) {
        List<Line> lines = new ArrayList<>();
        for (String raw : body.split("\n")) {
            String line = raw.replaceAll("[\r\u0000]+$", "");
            if (line.isEmpty()) {
                continue;
            }
            try {
                DmqUri uri = DmqUri.parse(line);
                Optional<NodeStatus> status = Optional.of(NodeStatus.PENDING);
                for (String param : line.split(";")) {
                    if (param.startsWith("status=")) {
                        status = NodeStatus.fromWire(param.substring(7));
                        if (status.isEmpty()) {
                            throw new IllegalArgumentException("unknown status in " + line);
                        }
                    }
                }
                lines.add(new Line(uri, status));
            } catch (IllegalArgumentException e) {
                // Skipped: one bad line must not cost the others (Kamailio 5.6.3 locks up here).
            }
        }
        return lines;
    }
}
