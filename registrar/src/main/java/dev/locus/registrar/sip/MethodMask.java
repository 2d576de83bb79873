package dev.locus.registrar.sip;

import dev.locus.registrar.Binding;

import java.util.Locale;
import java.util.Map;

/** Kamailio's method bit mask ({@code request_method_t}), as usrloc stores Allow and DMQ replicates it. */
public final class MethodMask {

    private static final long OTHER = 524288;
    private static final Map<String, Long> BITS = Map.ofEntries(
            Map.entry("INVITE", 1L), Map.entry("CANCEL", 2L), Map.entry("ACK", 4L), Map.entry("BYE", 8L),
            Map.entry("INFO", 16L), Map.entry("REGISTER", 32L), Map.entry("SUBSCRIBE", 64L),
            Map.entry("NOTIFY", 128L), Map.entry("MESSAGE", 256L), Map.entry("OPTIONS", 512L),
            Map.entry("PRACK", 1024L), Map.entry("UPDATE", 2048L), Map.entry("REFER", 4096L),
            Map.entry("PUBLISH", 8192L), Map.entry("KDMQ", 16384L), Map.entry("GET", 32768L),
            Map.entry("POST", 65536L), Map.entry("PUT", 131072L), Map.entry("DELETE", 262144L));

    private MethodMask() {
    }

    public static long bit(String method) {
        return BITS.getOrDefault(method.trim().toUpperCase(Locale.ROOT), OTHER);
    }

    /** No Allow header means every method, as Kamailio records it. */
    static long of(Iterable<String> allowed, boolean anyAllowHeader) {
        if (!anyAllowHeader) {
            return Binding.ALL_METHODS;
        }
        long mask = 0;
        for (String m : allowed) {
            mask |= bit(m);
        }
        return mask;
    }
}
