package dev.locus.registrar.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class NonceCountsTest {

    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();
    private final NonceCounts counts = new NonceCounts(shared);

    @Test
    void increasingCountsAreFirstUses() {
        assertThat(counts.use("n", 1, "r1")).isEqualTo(NonceCounts.Use.FIRST);
        assertThat(counts.use("n", 2, "r2")).isEqualTo(NonceCounts.Use.FIRST);
    }

    @Test
    void theSameRequestAgainIsARetransmissionNotAReplay() {
        counts.use("n", 1, "r1");
        assertThat(counts.use("n", 1, "r1")).isEqualTo(NonceCounts.Use.RETRANSMISSION);
    }

    @Test
    void theSameCountOnAnyOtherRequestIsAReplay() {
        counts.use("n", 1, "r1");
        assertThat(counts.use("n", 1, "r1-with-another-contact")).isEqualTo(NonceCounts.Use.REPLAY);
    }

    @Test
    void aCountBelowTheLastIsAReplay() {
        counts.use("n", 5, "r5");
        assertThat(counts.use("n", 4, "r4")).isEqualTo(NonceCounts.Use.REPLAY);
    }

    @Test
    void aCountUsedThroughOneNodeIsAReplayThroughAnotherSharingTheMap() {
        new NonceCounts(shared).use("n", 1, "r1");
        assertThat(new NonceCounts(shared).use("n", 1, "r1-elsewhere")).isEqualTo(NonceCounts.Use.REPLAY);
    }

    @Test
    void aNonceIsExhaustedAfterThreeWrongResponses() {
        counts.use("n", 1, "r1");
        counts.failed("n");
        counts.failed("n");
        assertThat(counts.exhausted("n")).isFalse();
        counts.failed("n");
        assertThat(counts.exhausted("n")).isTrue();
    }

    @Test
    void wrongResponsesDoNotAffectOtherNonces() {
        for (int i = 0; i < NonceCounts.MAX_FAILURES; i++) {
            counts.failed("n");
        }
        assertThat(counts.exhausted("m")).isFalse();
    }
}
