package dev.locus.node.rpc;

import java.util.function.LongSupplier;

/** One Kamailio-style statistic, {@code group:name}, read when asked. */
public record Statistic(String group, String name, LongSupplier value) {

    public String qualifiedName() {
        return group + ":" + name;
    }
}
