package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kamailio's kex statistics commands: {@code stats.get_statistics}, {@code stats.fetch}, {@code stats.fetchn},
 * {@code stats.reset_statistics}, {@code stats.clear_statistics}. Each parameter is {@code all}, a group
 * ({@code usrloc:}) or a bare statistic name ({@code registered_users}); fetch also takes {@code group.name} and
 * {@code group:name}.
 *
 * <p>Resetting does not touch the meters: Prometheus counters only grow (a scraper reads a drop as a restart), so a
 * reset keeps, per statistic, the count it happened at, and the RPC shows the count since then. {@code /metrics}
 * is unaffected.
 */
public final class StatsMethods {

    private final List<Statistic> statistics;
    private final Map<String, Long> resetAt = new ConcurrentHashMap<>();

    public StatsMethods(List<Statistic> statistics) {
        this.statistics = statistics.stream()
                .sorted(Comparator.comparing(Statistic::group).thenComparing(Statistic::name))
                .toList();
    }

    public void registerIn(RpcMethods methods) {
        methods.register("stats.get_statistics", "get core and modules stats", this::get);
        methods.register("stats.fetch", "fetch core and modules stats as string values", p -> fetch(p, false));
        methods.register("stats.fetchn", "fetch core and modules stats as number values", p -> fetch(p, true));
        methods.register("stats.reset_statistics", "reset core and modules stats (silent operation)",
                p -> resetOrClear(p, false));
        methods.register("stats.clear_statistics", "clear core and modules stats (verbose operation)",
                p -> resetOrClear(p, true));
    }

    private JsonNode get(Params params) throws RpcException {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        chosen(asked(params, "Please provide which stats to retrieve"), false)
                .forEach(s -> result.add(s.qualifiedName() + " = " + value(s)));
        return result;
    }

    /** {@code {"group.name": "value"}}, the value a string (fetch) or a number (fetchn). */
    private JsonNode fetch(Params params, boolean numeric) throws RpcException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Statistic s : chosen(asked(params, "Please provide which stats to retrieve"), true)) {
            String key = s.group() + "." + s.name();
            if (numeric) {
                result.put(key, value(s));
            } else {
                result.put(key, Long.toString(value(s)));
            }
        }
        return result;
    }

    /**
     * Zeroes the resettable statistics asked for. Clearing also answers {@code group:name = now (before)} per
     * statistic ({@code = now} alone when it did not change). Kamailio's JSON-RPC keeps only the last of those
     * lines (the command is not an array one); here one line is a string as there, several are an array, as
     * kamcmd shows them. Nothing cleared, or a reset, answers {@code {}}.
     */
    private JsonNode resetOrClear(Params params, boolean clear) throws RpcException {
        ArrayNode lines = JsonNodeFactory.instance.arrayNode();
        for (Statistic s : chosen(asked(params, "Please provide stats name"), false)) {
            long before = value(s);
            if (s.resettable()) {
                resetAt.put(s.qualifiedName(), s.value());
            }
            long after = value(s);
            lines.add(s.qualifiedName() + " = " + after + (before == after ? "" : " (" + before + ")"));
        }
        if (!clear || lines.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return lines.size() == 1 ? lines.get(0) : lines;
    }

    private static List<String> asked(Params params, String fault) throws RpcException {
        List<String> asked = params.strings(0, "statistic");
        if (asked.isEmpty()) {
            throw new RpcException(400, fault);
        }
        return asked;
    }

    private Set<Statistic> chosen(List<String> asked, boolean qualifiedNames) {
        Set<Statistic> chosen = new LinkedHashSet<>();
        for (String a : asked) {
            for (Statistic s : statistics) {
                if (a.equals("all") || (a.endsWith(":") && a.equals(s.group() + ":")) || a.equals(s.name())
                        || (qualifiedNames && (a.equals(s.group() + "." + s.name()) || a.equals(s.qualifiedName())))) {
                    chosen.add(s);
                }
            }
        }
        return chosen;
    }

    private long value(Statistic s) {
        return s.value() - resetAt.getOrDefault(s.qualifiedName(), 0L);
    }
}
