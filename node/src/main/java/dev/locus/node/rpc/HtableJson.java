package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtableSpec;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kamailio 5.6's htable RPC result shapes, member for member (htable.c's {@code htable_rpc_*}). */
final class HtableJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** htable.get's strftime("%Y-%m-%d %H:%M:%S") of localtime(expire). */
    private static final DateTimeFormatter EXPIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HtableJson() {
    }

    /** {@code {"item": {"name", "value", "flags", "expire"}}}: expire "NEVER" or local time. */
    static ObjectNode item(HtItem item, ZoneId zone) {
        ObjectNode out = JSON.objectNode();
        ObjectNode it = out.putObject("item");
        it.put("name", item.name());
        value(it, item.value());
        it.put("flags", item.value().type());
        it.put("expire", item.expire() == 0 ? "NEVER"
                : EXPIRE.format(Instant.ofEpochSecond(item.expire()).atZone(zone)));
        return out;
    }

    /**
     * One {@code {"entry", "size", "slot": [{"name", "value", "type"}]}} per non-empty slot, slots in order, items
     * in a slot by hash (Kamailio keeps a slot's list sorted by it), then by name where Kamailio has insertion order.
     */
    static ArrayNode dump(HtableSpec spec, List<HtItem> items) {
        Map<Long, List<HtItem>> bySlot = new TreeMap<>();
        Map<String, Long> hashes = new HashMap<>();
        for (HtItem item : items) {
            long hash = KamailioHash.coreCaseHash(item.name());
            hashes.put(item.name(), hash);
            bySlot.computeIfAbsent(slot(hash, spec), s -> new ArrayList<>()).add(item);
        }
        ArrayNode out = JSON.arrayNode();
        bySlot.forEach((slot, slotItems) -> {
            slotItems.sort(Comparator.<HtItem>comparingLong(i -> hashes.get(i.name())).thenComparing(HtItem::name));
            ObjectNode entry = out.addObject();
            entry.put("entry", slot);
            entry.put("size", slotItems.size());
            ArrayNode slotArray = entry.putArray("slot");
            for (HtItem item : slotItems) {
                ObjectNode it = slotArray.addObject();
                it.put("name", item.name());
                value(it, item.value());
                it.put("type", item.value() instanceof HtValue.Str ? "str" : "int");
            }
        });
        return out;
    }

    /** {@code {"name", "dbtable", "dbmode", "expire", "updateexpire", "size", "dmqreplicate"}}. */
    static ObjectNode table(HtableSpec spec) {
        ObjectNode out = JSON.objectNode();
        out.put("name", spec.name());
        out.put("dbtable", spec.dbtable());
        out.put("dbmode", 0); // the only mode Locus has: the cluster keeps the table, nothing is written back
        out.put("expire", spec.autoexpire());
        out.put("updateexpire", spec.updateexpire() ? 1 : 0);
        out.put("size", spec.slots());
        out.put("dmqreplicate", spec.dmqreplicate() ? 1 : 0);
        return out;
    }

    /** {@code {"name", "slots", "all", "min", "max"}}: items in all, and in the emptiest and fullest slot. */
    static ObjectNode stats(HtableSpec spec, List<HtItem> items) {
        // Counted per occupied slot only: a table may have 2^30 slots.
        Map<Long, Integer> perSlot = new HashMap<>();
        items.forEach(i -> perSlot.merge(slot(KamailioHash.coreCaseHash(i.name()), spec), 1, Integer::sum));
        int max = perSlot.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = perSlot.size() < spec.slots() ? 0 : perSlot.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        ObjectNode out = JSON.objectNode();
        out.put("name", spec.name());
        out.put("slots", spec.slots());
        out.put("all", items.size());
        out.put("min", min);
        out.put("max", max);
        return out;
    }

    /** htable.sets and friends answer with a bare string, as Kamailio's rpl_printf. */
    static JsonNode text(String text) {
        return JSON.textNode(text);
    }

    /** Kamailio's {@code ht_get_entry}: the hash's low bits (slots is a power of two). */
    private static long slot(long hash, HtableSpec spec) {
        return hash & (spec.slots() - 1);
    }

    private static void value(ObjectNode node, HtValue value) {
        if (value instanceof HtValue.Int i) {
            node.put("value", i.value());
        } else {
            node.put("value", ((HtValue.Str) value).value());
        }
    }
}
