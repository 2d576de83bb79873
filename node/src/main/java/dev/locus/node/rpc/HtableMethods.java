package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.Htables;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Kamailio 5.6's htable RPC commands over the cluster's tables: {@code htable.get}, {@code sets}, {@code seti},
 * {@code setex}, {@code setxs}, {@code setxi}, {@code delete}, {@code dump}, {@code listTables}, {@code stats},
 * {@code flush}, with htable.c's parameters, answers and fault texts. As there, every parameter is read before the
 * table is looked up, and a missing one is the command's own "Not enough parameters" fault; a parameter of the
 * wrong type is {@code -32602} (Kamailio reads a string as 0 for an integer).
 */
public final class HtableMethods {

    private static final String SET = "Ok. Key set to new value.";
    private static final String NO_SUCH_TABLE = "No such htable";
    private static final String NOT_SET = "Failed to set the item";

    private final Htables htables;
    private final ZoneId zone;

    /** @param zone the zone htable.get shows expiries in (Kamailio's localtime) */
    public HtableMethods(Htables htables, ZoneId zone) {
        this.htables = htables;
        this.zone = zone;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("htable.get", "Get one key from a hash table.", this::get);
        methods.register("htable.sets", "Set one key in a hash table to a string value.", this::sets);
        methods.register("htable.seti", "Set one key in a hash table to an integer value.", this::seti);
        methods.register("htable.setex", "Set expire in a hash table for the item referenced by key.", this::setex);
        methods.register("htable.setxs", "Set one key in a hash table to a string value and its expire value.",
                this::setxs);
        methods.register("htable.setxi", "Set one key in a hash table to an integer value and its expire value.",
                this::setxi);
        methods.register("htable.delete", "Delete one key from a hash table.", this::delete);
        methods.register("htable.dump", "Dump the contents of hash table.", this::dump);
        methods.register("htable.listTables", "List all htables.", params -> listTables());
        methods.register("htable.stats", "Statistics about htables.", params -> stats());
        methods.register("htable.flush", "Flush hash table.", this::flush);
    }

    private JsonNode get(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name and key name)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        Htable t = table(table);
        Optional<HtItem> item = available(t, () -> t.get(key));
        if (item.isEmpty()) {
            throw new RpcException(500, "Key name doesn't exist in htable.");
        }
        return HtableJson.item(item.get(), zone);
    }

    private JsonNode sets(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name, key name and value)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        // Scanned with auto-conversion (".S"): kamcmd's "htable.sets t k 5060" sends an integer, stored as "5060".
        String value = params.optionalText(2, "value").orElseThrow(() -> new RpcException(500, notEnough));
        Htable t = table(table);
        run(t, () -> t.set(key, HtValue.of(value)));
        return HtableJson.text(SET);
    }

    private JsonNode seti(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name, key name and value)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        int value = integer(params, 2, "value", notEnough);
        Htable t = table(table);
        run(t, () -> t.set(key, HtValue.of(value)));
        return HtableJson.text(SET);
    }

    private JsonNode setex(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name, item name and expire)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "item", notEnough);
        int expire = integer(params, 2, "expire", notEnough);
        Htable t = table(table);
        // A missing item, or a table without autoexpire, changes nothing and is still "Ok", as in Kamailio.
        run(t, () -> t.expire(key, expire));
        return HtableJson.text("Ok");
    }

    private JsonNode setxs(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name, key name, value and expire)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        String value = params.optionalText(2, "value").orElseThrow(() -> new RpcException(500, notEnough));
        int expire = integer(params, 3, "expire", notEnough);
        // Kamailio's setxs/setxi go through ki_ht_setx*, which fail as a whole on an unknown table.
        Htable t = htables.table(table).orElseThrow(() -> new RpcException(500, NOT_SET));
        run(t, () -> t.setExpiring(key, HtValue.of(value), expire));
        return HtableJson.text(SET);
    }

    private JsonNode setxi(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name, key name, value and expire)";
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        int value = integer(params, 2, "value", notEnough);
        int expire = integer(params, 3, "expire", notEnough);
        Htable t = htables.table(table).orElseThrow(() -> new RpcException(500, NOT_SET));
        run(t, () -> t.setExpiring(key, HtValue.of(value), expire));
        return HtableJson.text(SET);
    }

    private JsonNode delete(Params params) throws RpcException {
        String notEnough = "Not enough parameters (htable name & key name"; // sic: Kamailio's text
        String table = string(params, 0, "htable", notEnough);
        String key = string(params, 1, "key", notEnough);
        Htable t = table(table);
        if (!available(t, () -> t.delete(key))) {
            throw new RpcException(404, "Key not found in htable.");
        }
        return HtableJson.text("Ok. Key deleted.");
    }

    private JsonNode dump(Params params) throws RpcException {
        Htable t = table(string(params, 0, "htable", "No htable name given"));
        return HtableJson.dump(t.spec(), available(t, t::items));
    }

    private JsonNode flush(Params params) throws RpcException {
        Htable t = table(string(params, 0, "htable", "No htable name given"));
        run(t, t::flush);
        return HtableJson.text("Ok. Htable flushed.");
    }

    /** Kamailio lists its tables last defined first (each definition is put at the head of its list). */
    private JsonNode listTables() throws RpcException {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (HtableSpec spec : newestFirst()) {
            out.add(HtableJson.table(spec));
        }
        return out;
    }

    private JsonNode stats() throws RpcException {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (HtableSpec spec : newestFirst()) {
            Htable t = table(spec.name());
            out.add(HtableJson.stats(spec, available(t, t::items)));
        }
        return out;
    }

    private List<HtableSpec> newestFirst() throws RpcException {
        List<HtableSpec> specs = new ArrayList<>(htables.specs());
        if (specs.isEmpty()) {
            throw new RpcException(500, "No htables");
        }
        Collections.reverse(specs);
        return specs;
    }

    private Htable table(String name) throws RpcException {
        return htables.table(name).orElseThrow(() -> new RpcException(500, NO_SUCH_TABLE));
    }

    private static String string(Params params, int index, String name, String notEnough) throws RpcException {
        return params.optionalString(index, name).orElseThrow(() -> new RpcException(500, notEnough));
    }

    /** Kamailio's {@code d}: a C int. */
    private static int integer(Params params, int index, String name, String notEnough) throws RpcException {
        long value = params.optionalInteger(index, name).orElseThrow(() -> new RpcException(500, notEnough));
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw RpcException.invalidParams("parameter " + name + " (position " + (index + 1)
                    + ") must be a 32-bit integer, not " + value);
        }
        return (int) value;
    }

    private interface Call<T> {
        T run();
    }

    private static void run(Htable table, Runnable operation) throws RpcException {
        available(table, () -> {
            operation.run();
            return null;
        });
    }

    /** The cluster not answering in time is a 500 that says so (Kamailio's tables are local: it has no such case). */
    private static <T> T available(Htable table, Call<T> call) throws RpcException {
        try {
            return call.run();
        } catch (HtableUnavailableException e) {
            throw new RpcException(500, e.getCause() instanceof InterruptedException
                    ? "Operation interrupted"
                    : "Operation failed: htable " + table.spec().name() + " unavailable (the cluster did not answer)");
        }
    }
}
