package dev.locus.registrar.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Kamailio's registrar counters: REGISTERs answered 200, and REGISTERs refused. */
public final class RegistrarMetrics {

    public static final String ACCEPTED = "locus.registrar.accepted_regs";
    public static final String REJECTED = "locus.registrar.rejected_regs";

    private final Counter accepted;
    private final Counter rejected;

    public RegistrarMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder(ACCEPTED).description("REGISTER requests answered 200").register(registry);
        this.rejected = Counter.builder(REJECTED).description("REGISTER requests refused").register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void rejected() {
        rejected.increment();
    }

    public long acceptedCount() {
        return (long) accepted.count();
    }

    public long rejectedCount() {
        return (long) rejected.count();
    }
}
