package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;
import dev.locus.registrar.TransactionFigures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** tm.stats and sl.stats in Kamailio 5.6's shapes, and the tmx:/sl: statistics derived as tmx derives them. */
class TransactionMethodsTest {

    /** 5 started, 4 answered, 3 ended; 10 replies received, 2 generated, 9 sent. */
    private static final TransactionFigures FIGURES = new TransactionFigures(5, 1, 4, 3, 10, 2, 9,
            new long[]{0, 0, 2, 0, 1, 1, 0}, 7, 1);

    @Test
    void tmStatsDerivesCurrentAndWaitingAsKamailioDoes() {
        JsonNode tm = TransactionMethods.tmStats(FIGURES);
        assertThat(tm.toString()).isEqualTo("{\"current\":2,\"waiting\":1,\"total\":5,\"total_local\":1,"
                + "\"rpl_received\":10,\"rpl_generated\":2,\"rpl_sent\":9,\"6xx\":0,\"5xx\":1,\"4xx\":1,\"3xx\":0,"
                + "\"2xx\":2,\"created\":5,\"freed\":3,\"delayed_free\":0}");
    }

    @Test
    void tmxStatisticsDeriveRelayedAndAbsorbedFromTheCounts() {
        Map<String, Long> values = new java.util.HashMap<>();
        StatisticBook book = new StatisticBook(new SimpleMeterRegistry());
        KamailioStatistics.transactions(book, () -> FIGURES);
        book.statistics().forEach(s -> values.put(s.qualifiedName(), s.value()));
        assertThat(values).containsEntry("tmx:UAS_transactions", 5L).containsEntry("tmx:UAC_transactions", 1L)
                .containsEntry("tmx:inuse_transactions", 2L).containsEntry("tmx:active_transactions", 1L)
                .containsEntry("tmx:rpl_relayed", 7L).containsEntry("tmx:rpl_absorbed", 3L)
                .containsEntry("tmx:rpl_generated", 2L).containsEntry("tmx:rpl_sent", 9L)
                .containsEntry("tmx:2xx_transactions", 2L).containsEntry("tmx:5xx_transactions", 1L)
                .containsEntry("proxy:branches", 7L).containsEntry("proxy:relayed_branches", 1L);
    }

    @Test
    void slStatisticsAndSlStatsShowEveryBucket() {
        Map<StatelessReplyKind, Long> sent = new EnumMap<>(StatelessReplyKind.class);
        sent.put(StatelessReplyKind.R1XX, 1L);
        sent.put(StatelessReplyKind.R200, 3L);
        sent.put(StatelessReplyKind.R404, 2L);
        Supplier<StatelessReplyFigures> figures = () -> new StatelessReplyFigures(sent, 1, 2);

        Map<String, Long> values = new java.util.HashMap<>();
        // The registrar's counters, as it registers them (locus.sl.*), counted up to the figures.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        for (StatelessReplyKind kind : StatelessReplyKind.values()) {
            meters.counter("locus.sl.replies", "code", kind.label()).increment(sent.getOrDefault(kind, 0L));
        }
        meters.counter("locus.sl.failures").increment(1);
        meters.counter("locus.sl.received_acks").increment(2);
        StatisticBook book = new StatisticBook(meters);
        KamailioStatistics.statelessReplies(book);
        book.statistics().forEach(s -> values.put(s.qualifiedName(), s.value()));
        assertThat(values).hasSize(24).containsEntry("sl:1xx_replies", 1L).containsEntry("sl:200_replies", 3L)
                .containsEntry("sl:404_replies", 2L).containsEntry("sl:4xx_replies", 0L)
                .containsEntry("sl:sent_replies", 6L).containsEntry("sl:sent_err_replies", 0L)
                .containsEntry("sl:failures", 1L).containsEntry("sl:received_ACKs", 2L);

        JsonNode sl = TransactionMethods.slStats(figures.get());
        assertThat(sl.has("1xx")).as("Kamailio's sl.stats leaves 1xx out").isFalse();
        assertThat(sl.get("200").asLong()).isEqualTo(3);
        assertThat(sl.get("xxx").asLong()).isZero();
    }
}
