package dev.locus.registrar.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NonceCountsTest {

    private final NonceCounts counts = new NonceCounts(Duration.ofSeconds(300), 1000);

    @Test
    void increasingCountsAreFirstUses() {
        assertThat(counts.use("n", 1, "c", 1)).isEqualTo(NonceCounts.Use.FIRST);
        assertThat(counts.use("n", 2, "c", 2)).isEqualTo(NonceCounts.Use.FIRST);
    }

    @Test
    void theSameRequestAgainIsARetransmissionNotAReplay() {
        counts.use("n", 1, "c", 1);
        assertThat(counts.use("n", 1, "c", 1)).isEqualTo(NonceCounts.Use.RETRANSMISSION);
    }

    @Test
    void aCountNotAboveTheLastForAnotherRequestIsAReplay() {
        counts.use("n", 5, "c", 5);
        assertThat(counts.use("n", 5, "c", 6)).isEqualTo(NonceCounts.Use.REPLAY);
        assertThat(counts.use("n", 4, "c", 7)).isEqualTo(NonceCounts.Use.REPLAY);
    }
}
