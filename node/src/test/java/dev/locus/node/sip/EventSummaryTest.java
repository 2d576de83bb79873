package dev.locus.node.sip;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EventSummaryTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final EventSummary summary = new EventSummary(Duration.ofSeconds(10), now::get);

    @Test
    void theFirstEventIsReportedAtOnceAndTheRestOncePerIntervalWithTheirCount() {
        assertThat(summary.record()).isEqualTo(1);
        for (int i = 0; i < 999; i++) {
            assertThat(summary.record()).isZero();
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(summary.record()).isEqualTo(1_000);
        assertThat(summary.record()).isZero();
    }

    @Test
    void eventsHeldBackAreReportedOnceTheIntervalHasPassedEvenWithoutANewOne() {
        summary.record();
        summary.record();
        summary.record();
        assertThat(summary.due()).isZero();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(summary.due()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(summary.due()).as("nothing held back").isZero();
    }
}
