package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.Binding;
import dev.locus.registrar.Bindings;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kamailio 5.6's usrloc RPC result shapes ({@code ul.dump}, {@code ul.lookup}), member for member and in
 * Kamailio's order, so that scripts written against Kamailio read Locus unchanged.
 */
final class UsrlocJson {

    static final String TABLE = "location";
    /** usrloc's default hash_size 10. */
    static final int SLOTS = 1024;
    private static final String NOT_SET = "[not set]";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private UsrlocJson() {
    }

    static ObjectNode dump(List<Bindings> aors, boolean brief, long nowSeconds) {
        Map<Long, List<Bindings>> bySlot = new TreeMap<>();
        aors.stream().sorted(Comparator.comparing(Bindings::aor)).forEach(b ->
                bySlot.computeIfAbsent(KamailioHash.coreHash(b.aor()) & (SLOTS - 1), k -> new java.util.ArrayList<>()).add(b));
        ArrayNode aorArray = JSON.arrayNode();
        int maxSlot = 0;
        for (List<Bindings> slot : bySlot.values()) {
            maxSlot = Math.max(maxSlot, slot.size());
            for (Bindings b : slot) {
                if (brief) {
                    aorArray.addObject().put("AoR", b.aor());
                } else {
                    aorArray.addObject().set("Info", info(b, nowSeconds, true));
                }
            }
        }
        ObjectNode domain = JSON.objectNode();
        domain.put("Domain", TABLE);
        domain.put("Size", SLOTS);
        domain.set("AoRs", aorArray);
        ObjectNode stats = domain.putObject("Stats");
        stats.put("Records", aors.size());
        stats.put("Max-Slots", maxSlot);
        ObjectNode result = JSON.objectNode();
        result.putArray("Domains").addObject().set("Domain", domain);
        return result;
    }

    static ObjectNode lookup(String aor, List<Binding> bindings, long nowSeconds) {
        return info(new Bindings(aor, bindings), nowSeconds, false);
    }

    private static ObjectNode info(Bindings b, long nowSeconds, boolean withHash) {
        ObjectNode info = JSON.objectNode();
        info.put("AoR", b.aor());
        if (withHash) {
            info.put("HashID", KamailioHash.coreHash(b.aor()));
        }
        ArrayNode contacts = info.putArray("Contacts");
        for (Binding c : b.contacts()) {
            contacts.addObject().set("Contact", contact(c, nowSeconds));
        }
        return info;
    }

    static ObjectNode contact(Binding c, long nowSeconds) {
        ObjectNode o = JSON.objectNode();
        o.put("Address", c.contact());
        if (c.isPermanent()) {
            o.put("Expires", "permanent");
        } else {
            o.put("Expires", c.remainingSeconds(nowSeconds));
        }
        o.set("Q", q(c.q()));
        o.put("Call-ID", c.callId());
        o.put("CSeq", c.cseq());
        o.put("User-Agent", c.userAgent());
        o.put("Received", orNotSet(c.received()));
        o.put("Path", orNotSet(c.path()));
        o.put("State", "CS_NEW");
        o.put("Flags", c.flags());
        o.put("CFlags", c.cflags());
        o.put("Socket", orNotSet(c.socket()));
        o.put("Methods", c.methods());
        o.put("Ruid", orNotSet(c.ruid()));
        o.put("Instance", orNotSet(c.instance()));
        o.put("Reg-Id", c.regId());
        o.put("Server-Id", 0);
        o.put("Tcpconn-Id", -1);
        o.put("Keepalive", 0);
        o.put("Last-Keepalive", c.lastModified());
        o.put("KA-Roundtrip", 0);
        o.put("Last-Modified", c.lastModified());
        return o;
    }

    /** -1 when unset, else the q-value: integral values as integers, like Kamailio's printer. */
    private static JsonNode q(int millis) {
        if (millis == Binding.NO_Q) {
            return JSON.numberNode(-1);
        }
        return millis % 1000 == 0 ? JSON.numberNode(millis / 1000) : JSON.numberNode(millis / 1000.0);
    }

    private static String orNotSet(String value) {
        return value.isEmpty() ? NOT_SET : value;
    }
}
