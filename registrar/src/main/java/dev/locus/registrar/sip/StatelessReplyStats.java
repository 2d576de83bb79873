package dev.locus.registrar.sip;

import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of stateless replies in Kamailio's sl buckets: one striped add per reply, no lookup but an index. */
final class StatelessReplyStats {

    private static final StatelessReplyKind[] KINDS = StatelessReplyKind.values();

    private final LongAdder[] sent = new LongAdder[KINDS.length];
    private final LongAdder failures = new LongAdder();
    private final LongAdder acks = new LongAdder();

    StatelessReplyStats() {
        for (int i = 0; i < sent.length; i++) {
            sent[i] = new LongAdder();
        }
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
            byKind.put(kind, sent[kind.ordinal()].sum());
        }
        return new StatelessReplyFigures(byKind, failures.sum(), acks.sum());
    }
}
