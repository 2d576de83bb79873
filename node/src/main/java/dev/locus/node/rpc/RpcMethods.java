package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The commands a node answers, by name, with their help texts, as Kamailio's RPC export arrays. Includes
 * {@code system.listMethods} and {@code system.methodHelp}, which read this registry itself.
 */
public final class RpcMethods {

    private record Entry(String help, RpcMethod method) {
    }

    // Sorted, because system.listMethods answers in name order, as Kamailio does.
    private final Map<String, Entry> byName = new ConcurrentSkipListMap<>();
    private final Optional<MeterRegistry> meters;

    public RpcMethods() {
        this(Optional.empty());
    }

    /** Every command registered is timed into {@code locus.rpc.duration{method}} in {@code meters}. */
    public RpcMethods(MeterRegistry meters) {
        this(Optional.of(meters));
    }

    private RpcMethods(Optional<MeterRegistry> meters) {
        this.meters = meters;
        register("system.listMethods", "Lists all RPC methods supported by the server.", params -> listMethods());
        register("system.methodHelp", "Print the help string for given method.",
                params -> JsonNodeFactory.instance.textNode(help(params.string(0, "method"))));
    }

    /** @throws IllegalArgumentException when the name is blank or already registered */
    public RpcMethods register(String name, String help, RpcMethod method) {
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(method, "method");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("RPC method name must not be blank");
        }
        RpcMethod run = meters.<RpcMethod>map(m -> new TimedRpcMethod(name, method, m)).orElse(method);
        if (byName.putIfAbsent(name, new Entry(help, run)) != null) {
            throw new IllegalArgumentException("RPC method registered twice: " + name);
        }
        return this;
    }

    public Optional<RpcMethod> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(Entry::method);
    }

    private ArrayNode listMethods() {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        byName.keySet().forEach(names::add);
        return names;
    }

    private String help(String name) throws RpcException {
        Entry entry = byName.get(name);
        if (entry == null) {
            // The method called exists; its parameter names one that does not, hence "invalid params".
            throw RpcException.invalidParams("no such method: " + name);
        }
        return entry.help();
    }
}
