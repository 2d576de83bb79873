package dev.locus.registrar.replication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.Binding;

import java.util.ArrayList;
import java.util.List;

/**
 * dmq_usrloc's JSON (Kamailio 5.6): one contact object per action, keys in Kamailio's order, every string key
 * present (a 5.6.3 receiver reuses the previous message's value for a missing one), numbers as plain integers;
 * batches as {@code {"multi":{"1":{...},...}}}; a sync request as {@code {"action":3}}.
 */
public final class UsrlocCodec {

    public static final int UPDATE = 1;
    public static final int REMOVE = 2;
    public static final int SYNC = 3;

    /** One action read from a message. */
    public sealed interface Action {
    }

    public record Update(Binding binding) implements Action {
    }

    public record Remove(String aor, String ruid) implements Action {
    }

    public record Sync() implements Action {
    }

    private final ObjectMapper json = new ObjectMapper();

    public String single(int action, Binding b) {
        return write(contact(action, b));
    }

    public String syncRequest() {
        return "{\"action\":3}";
    }

    /** One action of a {@code multi} batch. */
    public record Entry(int action, Binding binding) {
    }

    /** {@code {"multi":{}}}, as dmq_usrloc counts it. */
    static final int MULTI_OVERHEAD = 12;

    /**
     * A batch entry's size as dmq_usrloc estimates it ({@code usrloc_dmq_send_multi_contact}): 188 bytes of keys
     * and punctuation, the strings' lengths and, rounded up here, the numbers' digits. Escaping is not counted.
     */
    static int estimatedSize(Binding b) {
        return 188 + 60 + b.aor().length() + b.ruid().length() + b.contact().length() + b.received().length()
                + b.path().length() + b.callId().length() + b.userAgent().length() + b.instance().length();
    }

    /** A batch of update actions, as a full-sync answer sends them. */
    public String multi(List<Binding> bindings) {
        return multiActions(bindings.stream().map(b -> new Entry(UPDATE, b)).toList());
    }

    /** A batch of actions in this order, as a 5.6 receiver applies them. */
    public String multiActions(List<Entry> entries) {
        ObjectNode root = json.createObjectNode();
        ObjectNode multi = root.putObject("multi");
        int i = 1;
        for (Entry e : entries) {
            multi.set(Integer.toString(i++), contact(e.action(), e.binding()));
        }
        return write(root);
    }

    private ObjectNode contact(int action, Binding b) {
        ObjectNode o = json.createObjectNode();
        o.put("action", action);
        o.put("aor", b.aor());
        o.put("ruid", b.ruid());
        o.put("c", b.contact());
        o.put("received", b.received());
        o.put("path", b.path());
        o.put("callid", b.callId());
        o.put("user_agent", b.userAgent());
        o.put("instance", b.instance());
        o.put("expires", b.expires());
        o.put("cseq", b.cseq());
        o.put("flags", b.flags());
        o.put("cflags", b.cflags());
        o.put("q", b.q());
        o.put("last_modified", b.lastModified());
        o.put("methods", b.methods());
        o.put("reg_id", b.regId());
        o.put("server_id", 0);
        return o;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write usrloc JSON", e);
        }
    }

    /**
     * Reads a message: the {@code multi} form when its first key is {@code multi} (as Kamailio decides), else one
     * action. Entries that cannot become a binding (no aor, ruid or contact) are skipped, as Kamailio's usrloc
     * refuses them and still answers 200.
     *
     * @throws IllegalArgumentException for a body that is not JSON or an unknown action (answered 400)
     */
    public List<Action> read(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("usrloc body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new IllegalArgumentException("usrloc body is not a JSON object");
        }
        List<Action> actions = new ArrayList<>();
        if (root.properties().iterator().next().getKey().equals("multi")) {
            for (JsonNode entry : root.get("multi")) {
                one(entry).ifPresent(actions::add);
            }
        } else {
            one(root).ifPresent(actions::add);
        }
        return actions;
    }

    private java.util.Optional<Action> one(JsonNode o) {
        int action = o.path("action").asInt(0);
        String aor = o.path("aor").asText("");
        String ruid = o.path("ruid").asText("");
        switch (action) {
            case 0:
                return java.util.Optional.empty();
            case SYNC:
                return java.util.Optional.of(new Sync());
            case REMOVE:
                return aor.isEmpty() || ruid.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Remove(aor, ruid));
            case UPDATE:
                String contact = o.path("c").asText("");
                if (aor.isEmpty() || ruid.isEmpty() || contact.isEmpty()) {
                    return java.util.Optional.empty();
                }
                long q = o.path("q").asLong(-1);
                return java.util.Optional.of(new Update(new Binding(aor, ruid, contact, o.path("received").asText(""),
                        o.path("path").asText(""), o.path("callid").asText(""), o.path("cseq").asLong(0),
                        Math.max(0, o.path("expires").asLong(0)), q < 0 || q > 1000 ? Binding.NO_Q : (int) q,
                        o.path("flags").asInt(0), o.path("cflags").asInt(0), o.path("user_agent").asText(""),
                        socket(o.path("sock").asText("")),
                        o.path("methods").asLong(Binding.ALL_METHODS) & Binding.ALL_METHODS,
                        o.path("instance").asText(""), o.path("reg_id").asInt(0), o.path("last_modified").asLong(0))));
            default:
                throw new IllegalArgumentException("unknown usrloc action " + action);
        }
    }

    /**
     * The socket a Kamailio node sends with {@code replicate_socket_info=1} ({@code tcp:10.0.0.1:5060}): kept, so
     * that the location service knows a connection is that node's. Anything not of that form is dropped.
     */
    private static final java.util.regex.Pattern SOCKET =
            java.util.regex.Pattern.compile("(?i)(udp|tcp|tls|sctp|ws|wss):[^\\s]+:[0-9]{1,5}");

    private static String socket(String sock) {
        return SOCKET.matcher(sock).matches() ? sock.toLowerCase(java.util.Locale.ROOT) : "";
    }
}
