package dev.locus.registrar;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Replies this node sent statelessly since start (REGISTER answers, refusals, OPTIONS keepalives), with the meaning of
 * Kamailio's sl statistics.
 *
 * @param sent         replies sent, by Kamailio's bucket ({@code sl:200_replies}, {@code sl:4xx_replies}, ...)
 * @param failures     replies that could not be sent ({@code sl:failures})
 * @param receivedAcks ACKs for a stateless reply, absorbed ({@code sl:received_ACKs})
 */
public record StatelessReplyFigures(Map<StatelessReplyKind, Long> sent, long failures, long receivedAcks) {

    public StatelessReplyFigures {
        sent = Collections.unmodifiableMap(new EnumMap<>(sent));
    }

    public long sent(StatelessReplyKind kind) {
        return sent.getOrDefault(kind, 0L);
    }

    /** Every reply sent, provisional and final ({@code sl:sent_replies}). */
    public long total() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }
}
