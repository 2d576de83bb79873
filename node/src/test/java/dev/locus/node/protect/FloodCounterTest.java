package dev.locus.node.protect;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FloodCounterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FloodCounter counter = new FloodCounter(3, Duration.ofSeconds(2), 2, nanos::get);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void theRequestThatPassesTheLimitIsReportedOncePerWindow() throws Exception {
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            assertThat(counter.overLimit(a)).as("request %d", i + 1).isFalse();
        }
        assertThat(counter.overLimit(a)).isTrue();
        assertThat(counter.overLimit(a)).isFalse();
        assertThat(counter.overLimit(a)).isFalse();
    }

    @Test
    void aNewWindowStartsTheCountAgain() throws Exception {
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            counter.overLimit(a);
        }
        advance(Duration.ofMillis(2001));
        for (int i = 0; i < 3; i++) {
            assertThat(counter.overLimit(a)).isFalse();
        }
        assertThat(counter.overLimit(a)).isTrue();
    }

    @Test
    void sourcesAreCountedApart() throws Exception {
        InetAddress a = ip("192.0.2.1");
        InetAddress b = ip("192.0.2.2");
        for (int i = 0; i < 3; i++) {
            counter.overLimit(a);
            assertThat(counter.overLimit(b)).isFalse();
        }
        assertThat(counter.overLimit(a)).isTrue();
        assertThat(counter.overLimit(b)).isTrue();
    }

    @Test
    void beyondItsBoundANewSourceIsNotCountedUntilStaleOnesArePruned() throws Exception {
        counter.overLimit(ip("192.0.2.1"));
        counter.overLimit(ip("192.0.2.2"));
        InetAddress third = ip("192.0.2.3");
        for (int i = 0; i < 5; i++) {
            assertThat(counter.overLimit(third)).isFalse();
        }
        assertThat(counter.sources()).isEqualTo(2);

        advance(Duration.ofSeconds(4)); // two windows on: the first two are stale
        for (int i = 0; i < 3; i++) {
            assertThat(counter.overLimit(third)).isFalse();
        }
        assertThat(counter.overLimit(third)).isTrue();
    }

    @Test
    void aPruneIsDueOnceAWindowHasPassedAndForgetsTheSilent() throws Exception {
        counter.overLimit(ip("192.0.2.1"));
        assertThat(counter.pruneDue()).isFalse();
        advance(Duration.ofSeconds(4));
        assertThat(counter.pruneDue()).isTrue();
        assertThat(counter.pruneDue()).isFalse();
        counter.prune();
        assertThat(counter.sources()).isZero();
    }

    @Test
    void anIpv6SourceCountsLikeAnyOther() throws Exception {
        InetAddress a = ip("2001:db8::1");
        for (int i = 0; i < 3; i++) {
            counter.overLimit(a);
        }
        assertThat(counter.overLimit(ip("2001:db8:0::1"))).isTrue();
    }
}
