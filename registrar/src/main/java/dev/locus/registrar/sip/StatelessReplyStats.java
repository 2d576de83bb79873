package dev.locus.registrar.sip;

import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts of stateless replies in Kamailio's sl buckets, as Micrometer counters ({@code locus.sl.replies{code}},
 * {@code locus.sl.failures}, {@code locus.sl.received_acks}): one striped add per reply, the counter found by an
 * index, nothing looked up or tagged on the way.
 */
final class StatelessReplyStats {

    public static final String REPLIES = "locus.sl.replies";
    private static final StatelessReplyKind[] KINDS = StatelessReplyKind.values();

    private final Counter[] sent = new Counter[KINDS.length];
    private final Counter failures;
    private final Counter acks;

    StatelessReplyStats(MeterRegistry meters) {
        for (StatelessReplyKind kind : KINDS) {
            sent[kind.ordinal()] = Counter.builder(REPLIES).tag("code", kind.label())
                    .description("stateless replies sent, in Kamailio's sl buckets").register(meters);
        }
        failures = Counter.builder("locus.sl.failures").description("stateless replies that could not be sent")
                .register(meters);
        acks = Counter.builder("locus.sl.received_acks").description("ACKs to stateless replies absorbed")
                .register(meters);
    }

    void sent(int status) {
        sent[StatelessReplyKind.of(status).ordinal()].increment();
    }

    void failed() {
        failures.increment();
    }

    void ackAbsorbed() {
        acks.increment();
    }

    StatelessReplyFigures figures() {
        Map<StatelessReplyKind, Long> byKind = new EnumMap<>(StatelessReplyKind.class);
        for (StatelessReplyKind kind : KINDS) {
            byKind.put(kind, (long) sent[kind.ordinal()].count());
        }
        return new StatelessReplyFigures(byKind, (long) failures.count(), (long) acks.count());
    }
}
