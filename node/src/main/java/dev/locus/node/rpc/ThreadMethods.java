package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code core.psx} and {@code core.ps}: Kamailio lists its processes, a node its threads, in the same shapes. A
 * thread's {@code PID} is its JVM thread id and its {@code DSC} its name ({@code locus-sip-3}, {@code main}), in
 * id order; {@code IDX} counts from 0, as Kamailio's process table.
 */
public final class ThreadMethods {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public void registerIn(RpcMethods methods) {
        methods.register("core.psx", "Returns the detailed description of running processes.", params -> psx());
        methods.register("core.ps", "Returns the description of running processes.", params -> ps());
    }

    private JsonNode psx() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<ThreadInfo> all = live();
        for (int i = 0; i < all.size(); i++) {
            out.addObject().put("IDX", i).put("PID", all.get(i).getThreadId()).put("DSC", all.get(i).getThreadName());
        }
        return out;
    }

    /** Kamailio's flat list: id, description, id, description, ... */
    private JsonNode ps() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (ThreadInfo t : live()) {
            out.add(t.getThreadId()).add(t.getThreadName());
        }
        return out;
    }

    /** Without stack traces: the names are all that is shown, and a stack walk per thread would cost. */
    private List<ThreadInfo> live() {
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds(), 0))
                .filter(Objects::nonNull) // a thread that ended between the two calls
                .sorted(Comparator.comparingLong(ThreadInfo::getThreadId))
                .toList();
    }
}
