package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code stats.get_statistics}, as Kamailio's kex: each parameter is {@code all}, a group ({@code usrloc:}) or a
 * bare statistic name ({@code registered_users}); the answer lists {@code group:name = value} lines.
 */
public final class StatsMethods {

    private final List<Statistic> statistics;

    public StatsMethods(List<Statistic> statistics) {
        this.statistics = statistics.stream()
                .sorted(Comparator.comparing(Statistic::group).thenComparing(Statistic::name))
                .toList();
    }

    public void registerIn(RpcMethods methods) {
        methods.register("stats.get_statistics", "Print statistics: all, group: or a name", this::get);
    }

    private JsonNode get(Params params) throws RpcException {
        List<String> asked = params.strings(0, "statistic");
        if (asked.isEmpty()) {
            throw new RpcException(400, "Please provide which stats to retrieve");
        }
        Set<Statistic> chosen = new LinkedHashSet<>();
        for (String a : asked) {
            for (Statistic s : statistics) {
                if (a.equals("all") || (a.endsWith(":") && a.equals(s.group() + ":")) || a.equals(s.name())) {
                    chosen.add(s);
                }
            }
        }
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        chosen.forEach(s -> result.add(s.qualifiedName() + " = " + s.value().getAsLong()));
        return result;
    }
}
