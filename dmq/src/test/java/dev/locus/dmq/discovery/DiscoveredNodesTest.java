package dev.locus.dmq.discovery;

import dev.locus.dmq.DmqUri;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The set of discovered nodes a node acts on, through DNS trouble and its own removal, on a manual clock. */
class DiscoveredNodesTest {

    private static final DmqUri A = DmqUri.of("192.0.2.1", 5090);
    private static final DmqUri B = DmqUri.of("192.0.2.2", 5090);
    private static final DmqUri C = DmqUri.of("192.0.2.3", 5090);
    private static final Duration HOLD = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final DiscoveredNodes discovered = new DiscoveredNodes(A, HOLD, clock);

    private static Resolution answer(DmqUri... nodes) {
        return new Resolution.Answer(List.of(nodes));
    }

    private static final Resolution TIMEOUT = new Resolution.Failure("A locus.test: timed out");

    @Test
    void aFailedResolutionKeepsTheLastGoodSet() {
        discovered.observe(answer(A, B));
        clock.advance(Duration.ofSeconds(15));
        assertThat(discovered.observe(TIMEOUT)).isEqualTo(new DiscoveredNodes.View(java.util.Set.of(A, B), false));
    }

    @Test
    void anEmptyAnswerKeepsTheLastGoodSet() {
        discovered.observe(answer(A, B));
        assertThat(discovered.observe(answer()).nodes()).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void theLastGoodSetIsDroppedOnceTroubleOutlastsTheHold() {
        discovered.observe(answer(A, B));
        discovered.observe(TIMEOUT);
        clock.advance(HOLD.minusSeconds(1));
        assertThat(discovered.observe(answer()).nodes()).containsExactlyInAnyOrder(A, B);
        clock.advance(Duration.ofSeconds(1));
        assertThat(discovered.observe(TIMEOUT).nodes()).isEmpty();
    }

    @Test
    void theHoldStartsAgainAfterDnsAnsweredInBetween() {
        discovered.observe(answer(A, B));
        discovered.observe(TIMEOUT);
        clock.advance(HOLD.minusSeconds(1));
        discovered.observe(answer(A, B));
        discovered.observe(TIMEOUT);
        clock.advance(Duration.ofSeconds(30));
        assertThat(discovered.observe(TIMEOUT).nodes()).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aNodeLeavesOnlyAfterThreeAnswersInARowWithoutIt() {
        discovered.observe(answer(A, B));
        assertThat(discovered.observe(answer(B, C))).isEqualTo(new DiscoveredNodes.View(java.util.Set.of(A, B), false));
        assertThat(discovered.observe(answer(B, C)).removed()).isFalse();
        assertThat(discovered.observe(answer(B, C))).isEqualTo(new DiscoveredNodes.View(java.util.Set.of(B, C), true));
    }

    @Test
    void anAnswerListingTheNodeAgainBreaksTheRow() {
        discovered.observe(answer(A, B));
        discovered.observe(answer(B));
        discovered.observe(answer(B));
        discovered.observe(answer(A, B));
        discovered.observe(answer(B));
        assertThat(discovered.observe(answer(B)).removed()).isFalse();
        assertThat(discovered.observe(answer(B)).removed()).isTrue();
    }

    @Test
    void failuresBetweenAnswersWithoutTheNodeNeitherCountNorBreakTheRow() {
        discovered.observe(answer(A, B));
        discovered.observe(answer(B));
        discovered.observe(TIMEOUT);
        discovered.observe(answer());
        assertThat(discovered.observe(answer(B)).removed()).isFalse();
        assertThat(discovered.observe(answer(B)).removed()).isTrue();
    }

    @Test
    void aNodeTheNameNeverListedTakesEveryAnswerAsItIs() {
        DiscoveredNodes seededByAddress = new DiscoveredNodes(C, HOLD, clock);
        assertThat(seededByAddress.observe(answer(A))).isEqualTo(new DiscoveredNodes.View(java.util.Set.of(A), false));
        assertThat(seededByAddress.observe(answer(B))).isEqualTo(new DiscoveredNodes.View(java.util.Set.of(B), false));
    }
}
