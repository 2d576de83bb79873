package dev.locus.registrar;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets of Kamailio 5.6's update_sl_stats (sl_stats.c). */
class StatelessReplyKindTest {

    @Test
    void codesKamailioNamesHaveTheirOwnBucket() {
        assertThat(StatelessReplyKind.of(200)).isEqualTo(StatelessReplyKind.R200);
        assertThat(StatelessReplyKind.of(202)).isEqualTo(StatelessReplyKind.R202);
        assertThat(StatelessReplyKind.of(401)).isEqualTo(StatelessReplyKind.R401);
        assertThat(StatelessReplyKind.of(404)).isEqualTo(StatelessReplyKind.R404);
        assertThat(StatelessReplyKind.of(483)).isEqualTo(StatelessReplyKind.R483);
        assertThat(StatelessReplyKind.of(500)).isEqualTo(StatelessReplyKind.R500);
    }

    @Test
    void otherCodesFallIntoTheirClass() {
        assertThat(StatelessReplyKind.of(100)).isEqualTo(StatelessReplyKind.R1XX);
        assertThat(StatelessReplyKind.of(183)).isEqualTo(StatelessReplyKind.R1XX);
        assertThat(StatelessReplyKind.of(204)).isEqualTo(StatelessReplyKind.R2XX);
        assertThat(StatelessReplyKind.of(305)).isEqualTo(StatelessReplyKind.R3XX);
        assertThat(StatelessReplyKind.of(423)).isEqualTo(StatelessReplyKind.R4XX);
        assertThat(StatelessReplyKind.of(503)).isEqualTo(StatelessReplyKind.R5XX);
        assertThat(StatelessReplyKind.of(603)).isEqualTo(StatelessReplyKind.R6XX);
    }

    @Test
    void aStatusOutside100To699IsXxx() {
        assertThat(StatelessReplyKind.of(99)).isEqualTo(StatelessReplyKind.RXXX);
        assertThat(StatelessReplyKind.of(700)).isEqualTo(StatelessReplyKind.RXXX);
    }

    @Test
    void labelsAreKamailios() {
        assertThat(StatelessReplyKind.values()).extracting(StatelessReplyKind::label).containsExactly("1xx", "200",
                "202", "2xx", "300", "301", "302", "3xx", "400", "401", "403", "404", "407", "408", "483", "4xx", "500",
                "5xx", "6xx", "xxx");
    }
}
