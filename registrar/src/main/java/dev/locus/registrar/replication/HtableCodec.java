package dev.locus.registrar.replication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableMatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * htable's DMQ JSON (Kamailio 5.6.3, {@code ht_dmq.c}): one action per message with exactly the keys Kamailio
 * sends, in its order (a 5.6 receiver refuses any other key with 400, and reads whatever is in memory for a
 * missing one); a sync request as {@code {"action":1}}; sync data as {@code {"cells":[...]}} with absolute
 * expiries, split where Kamailio's own size estimate reaches 60,000 bytes.
 */
public final class HtableCodec {

    public static final int SYNC = 1;
    public static final int SET_CELL = 2;
    public static final int SET_CELL_EXPIRE = 3;
    public static final int DEL_CELL = 4;
    public static final int RM_CELL_RE = 5;
    public static final int RM_CELL_SW = 6;

    /** Kamailio's estimate of {@code {"cells":[]}} and the size at which it starts a new message. */
    static final int EMPTY_GROUP_SIZE = 12;
    static final int MAX_GROUP_SIZE = 60_000;

    private static final Set<String> ACTION_KEYS = Set.of("action", "htname", "cname", "type", "strval", "intval", "mode");

    /** What a message carries. */
    public sealed interface Message {
    }

    /** {@code {"action":1}}: send the asker every replicated item. */
    public record SyncRequest() implements Message {
    }

    /** Actions 2 to 6. */
    public record Change(HtableChange change) implements Message {
    }

    /** Sync data; cells that name no table or item, or carry no value, are left out (Kamailio skips them). */
    public record Cells(List<Cell> cells) implements Message {
    }

    /** One item of sync data, in a named table, with an absolute expiry (UNIX seconds, 0 none). */
    public record Cell(String table, HtItem item) {
    }

    /**
     * Kamailio rejects a message as 400 ({@code Bad Request}) or 500 ({@code Server Internal Error}, for a
     * missing or unknown action): which one this is.
     */
    public static final class Refused extends IllegalArgumentException {

        private final boolean badRequest;
        private final String reason;

        Refused(boolean badRequest, String reason, String detail) {
            super(reason + (detail.isEmpty() ? "" : ": " + detail));
            this.badRequest = badRequest;
            this.reason = reason;
        }

        Refused(boolean badRequest, String message) {
            this(badRequest, message, "");
        }

        public boolean badRequest() {
            return badRequest;
        }

        /** Why, in fixed words (no text from the message): fit for a reason phrase. */
        public String reason() {
            return reason;
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    public String syncRequest() {
        return "{\"action\":1}";
    }

    /** The message Kamailio sends for this change. */
    public String action(HtableChange change) {
        ObjectNode o = json.createObjectNode();
        if (change instanceof HtableChange.Set s) {
            o.put("action", SET_CELL);
            o.put("htname", s.table());
            o.put("cname", s.name());
            value(o, s.value());
            // "lock the slot": what Kamailio always sends on a set
            o.put("mode", 1);
        } else if (change instanceof HtableChange.Expire e) {
            o.put("action", SET_CELL_EXPIRE);
            o.put("htname", e.table());
            o.put("cname", e.name());
            o.put("type", 0);
            o.put("intval", e.seconds());
            o.put("mode", 0);
        } else if (change instanceof HtableChange.Delete d) {
            o.put("action", DEL_CELL);
            o.put("htname", d.table());
            o.put("cname", d.name());
            o.put("mode", 0);
        } else if (change instanceof HtableChange.RemoveMatching r) {
            HtableMatch m = r.match();
            o.put("action", m.kind() == HtableMatch.Kind.REGEX ? RM_CELL_RE : RM_CELL_SW);
            o.put("htname", r.table());
            o.put("type", 2);
            o.put("strval", m.pattern());
            o.put("mode", m.onValue() ? 1 : 0);
        } else {
            throw new IllegalArgumentException("no htable action for " + change);
        }
        return write(o);
    }

    private static void value(ObjectNode o, HtValue value) {
        o.put("type", value.type());
        if (value instanceof HtValue.Str s) {
            o.put("strval", s.value());
        } else {
            o.put("intval", ((HtValue.Int) value).value());
        }
    }

    /**
     * Sync data in as many messages as Kamailio would split it into: a message ends once the estimate reaches
     * 60,000 bytes, and there is always a last one, empty when there is nothing to send.
     */
    public List<String> cells(Iterable<Cell> cells) {
        List<String> messages = new ArrayList<>();
        ArrayNode group = json.createArrayNode();
        int size = EMPTY_GROUP_SIZE;
        for (Cell cell : cells) {
            HtItem item = cell.item();
            ObjectNode o = group.addObject();
            o.put("htname", cell.table());
            o.put("cname", item.name());
            value(o, item.value());
            o.put("expire", item.expire());
            size += estimate(cell);
            if (size >= MAX_GROUP_SIZE) {
                messages.add(group(group));
                group = json.createArrayNode();
                size = EMPTY_GROUP_SIZE;
            }
        }
        messages.add(group(group));
        return messages;
    }

    /** Kamailio's estimate: the cell's fixed text, its strings' lengths in bytes, and the numbers' digits. */
    static int estimate(Cell cell) {
        HtItem item = cell.item();
        int size = item.value() instanceof HtValue.Str ? 54 : 52;
        size += bytes(cell.table()) + bytes(item.name()) + 1;
        size += item.value() instanceof HtValue.Str s ? bytes(s.value()) : Integer.toString(((HtValue.Int) item.value()).value()).length();
        return size + Long.toString(item.expire()).length();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private String group(ArrayNode cells) {
        ObjectNode root = json.createObjectNode();
        root.set("cells", cells);
        return write(root);
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write htable JSON", e);
        }
    }

    /**
     * Reads a message as Kamailio does: sync data when the first key is {@code cells}, else one action whose
     * keys must all be known.
     *
     * @throws Refused with {@link Refused#badRequest()} for what Kamailio answers 400 (not a JSON object, an
     *                 unknown key; here also a missing or mistyped key, which 5.6.3 does not check), without it
     *                 for a missing, zero or unknown action (500)
     */
    public Message read(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Refused(true, "htable body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new Refused(true, "htable body is not a JSON object with keys");
        }
        if (root.fieldNames().next().equals("cells")) {
            return cells(root.get("cells"));
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!ACTION_KEYS.contains(key)) {
                throw new Refused(true, "unknown key '" + key + "' in an htable action");
            }
        });
        int action = number(root, "action");
        switch (action) {
            case SYNC:
                return new SyncRequest();
            case SET_CELL:
                return new Change(new HtableChange.Set(string(root, "htname"), string(root, "cname"),
                        readValue(root, number(root, "type"))));
            case SET_CELL_EXPIRE:
                requirePresent(root, "intval");
                return new Change(new HtableChange.Expire(string(root, "htname"), string(root, "cname"),
                        number(root, "intval")));
            case DEL_CELL:
                return new Change(new HtableChange.Delete(string(root, "htname"), string(root, "cname")));
            case RM_CELL_RE:
            case RM_CELL_SW:
                String table = string(root, "htname");
                String pattern = string(root, "strval");
                try {
                    return new Change(new HtableChange.RemoveMatching(table, new HtableMatch(
                            action == RM_CELL_RE ? HtableMatch.Kind.REGEX : HtableMatch.Kind.PREFIX,
                            number(root, "mode") == 1, pattern)));
                } catch (IllegalArgumentException e) {
                    // Kamailio's regcomp failing makes the action fail: 500
                    throw new Refused(false, "bad regular expression", e.getMessage());
                }
            default:
                throw new Refused(false, "not an action to apply", "action " + action);
        }
    }

    private static Cells cells(JsonNode cells) {
        if (!cells.isArray()) {
            throw new Refused(true, "htable cells is not an array");
        }
        List<Cell> out = new ArrayList<>();
        for (JsonNode c : cells) {
            JsonNode table = c.path("htname");
            JsonNode name = c.path("cname");
            if (!table.isTextual() || table.asText().isEmpty() || !name.isTextual() || name.asText().isEmpty()) {
                continue;
            }
            HtValue value;
            try {
                value = readValue(c, number(c, "type"));
            } catch (Refused e) {
                continue;
            }
            out.add(new Cell(table.asText(), new HtItem(name.asText(), value, Math.max(0, c.path("expire").asLong(0)))));
        }
        return new Cells(out);
    }

    /** The value by the type's string bit, as Kamailio reads it. */
    private static HtValue readValue(JsonNode o, int type) {
        if ((type & 2) != 0) {
            return HtValue.of(string(o, "strval"));
        }
        requirePresent(o, "intval");
        return HtValue.of(number(o, "intval"));
    }

    private static void requirePresent(JsonNode o, String key) {
        if (!o.has(key)) {
            throw new Refused(true, "htable message without " + key);
        }
    }

    private static String string(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) {
            throw new Refused(true, "htable message without a string " + key);
        }
        return v.asText();
    }

    /** A number as srjson reads it: a double cast to int; anything else is 0. */
    private static int number(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v != null && v.isNumber() ? (int) v.asDouble() : 0;
    }
}
