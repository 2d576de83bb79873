package dev.locus.registrar.auth;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import dev.locus.registrar.support.TestMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two real members sharing the nonce map, so every step crosses the wire in compact form and runs where the
 * nonce's entry lives: what one node records, the other sees.
 */
class NonceCountsTest {

    private static final String MAP = "nonces";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static HazelcastInstance first;
    private static HazelcastInstance second;

    private final NonceCounts counts = counts(first);
    private final String n = UUID.randomUUID().toString();

    @BeforeAll
    static void startMembers() {
        first = Hazelcast.newHazelcastInstance(config(15721));
        second = Hazelcast.newHazelcastInstance(config(15722));
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stopMembers() {
        second.shutdown();
        first.shutdown();
    }

    private static Config config(int port) {
        Config c = TestMembers.config("nonce-counts-test", port, port == 15721 ? 15722 : 15721);
        AuthSerializers.all().forEach(c.getSerializationConfig().getCompactSerializationConfig()::addSerializer);
        return c;
    }

    private static NonceCounts counts(HazelcastInstance member) {
        return new NonceCounts(NonceRecords.of(member.getMap(MAP)), TIMEOUT);
    }

    @Test
    void increasingCountsAreFirstUses() {
        assertThat(counts.use(n, 1, "r1")).isEqualTo(NonceCounts.Use.FIRST);
        assertThat(counts.use(n, 2, "r2")).isEqualTo(NonceCounts.Use.FIRST);
    }

    @Test
    void theSameRequestAgainIsARetransmissionNotAReplay() {
        counts.use(n, 1, "r1");
        assertThat(counts.use(n, 1, "r1")).isEqualTo(NonceCounts.Use.RETRANSMISSION);
    }

    @Test
    void theSameCountOnAnyOtherRequestIsAReplay() {
        counts.use(n, 1, "r1");
        assertThat(counts.use(n, 1, "r1-with-another-contact")).isEqualTo(NonceCounts.Use.REPLAY);
    }

    @Test
    void aCountBelowTheLastIsAReplay() {
        counts.use(n, 5, "r5");
        assertThat(counts.use(n, 4, "r4")).isEqualTo(NonceCounts.Use.REPLAY);
    }

    @Test
    void aCountUsedThroughOneNodeIsAReplayThroughAnother() {
        counts(first).use(n, 1, "r1");
        assertThat(counts(second).use(n, 1, "r1-elsewhere")).isEqualTo(NonceCounts.Use.REPLAY);
        assertThat(counts(second).use(n, 1, "r1")).isEqualTo(NonceCounts.Use.RETRANSMISSION);
    }

    @Test
    void aNonceIsExhaustedAfterThreeWrongResponsesWhereverTheyLand() {
        counts(first).use(n, 1, "r1");
        counts(first).failed(n);
        counts(second).failed(n);
        assertThat(counts(first).exhausted(n)).isFalse();
        counts(first).failed(n);
        assertThat(counts(second).exhausted(n)).isTrue();
    }

    @Test
    void wrongResponsesNeitherSpendACountNorAffectOtherNonces() {
        for (int i = 0; i < NonceCounts.MAX_FAILURES; i++) {
            counts.failed(n);
        }
        assertThat(counts.exhausted(UUID.randomUUID().toString())).isFalse();
        assertThat(counts.use(n, 1, "r1")).isEqualTo(NonceCounts.Use.FIRST);
    }

    @Test
    void aMapThatDoesNotAnswerInTimeMakesTheStoreUnavailableInsteadOfHoldingTheCaller() {
        NonceRecords stalled = new NonceRecords() {
            @Override
            public CompletionStage<Integer> submit(String nonce, EntryProcessor<String, String, Integer> step) {
                return new CompletableFuture<>();
            }

            @Override
            public CompletionStage<String> get(String nonce) {
                return new CompletableFuture<>();
            }
        };
        NonceCounts waiting = new NonceCounts(stalled, Duration.ofMillis(50));
        assertThatThrownBy(() -> waiting.use(n, 1, "r1")).isInstanceOf(NonceStoreUnavailableException.class);
        assertThatThrownBy(() -> waiting.failed(n)).isInstanceOf(NonceStoreUnavailableException.class);
        assertThatThrownBy(() -> waiting.exhausted(n)).isInstanceOf(NonceStoreUnavailableException.class);
    }

    @Test
    void aFailingMapMakesTheStoreUnavailable() {
        NonceRecords failing = new NonceRecords() {
            @Override
            public CompletionStage<Integer> submit(String nonce, EntryProcessor<String, String, Integer> step) {
                return CompletableFuture.failedFuture(new IllegalStateException("member gone"));
            }

            @Override
            public CompletionStage<String> get(String nonce) {
                return CompletableFuture.failedFuture(new IllegalStateException("member gone"));
            }
        };
        assertThatThrownBy(() -> new NonceCounts(failing, TIMEOUT).use(n, 1, "r1"))
                .isInstanceOf(NonceStoreUnavailableException.class).hasMessageContaining("member gone");
    }
}
