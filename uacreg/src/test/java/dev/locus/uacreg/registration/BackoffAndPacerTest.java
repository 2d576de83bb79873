package dev.locus.uacreg.registration;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffAndPacerTest {

    @Test
    void backoffDoublesPerFailureUpToItsCapWithinTwentyPercent() {
        Backoff low = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(300), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(300), () -> 1.0);
        assertThat(low.after(1, -1)).isEqualTo(Duration.ofSeconds(24));
        assertThat(high.after(1, -1)).isEqualTo(Duration.ofSeconds(36));
        assertThat(low.after(2, -1)).isEqualTo(Duration.ofSeconds(48));
        assertThat(low.after(3, -1)).isEqualTo(Duration.ofSeconds(96));
        assertThat(high.after(50, -1)).isEqualTo(Duration.ofSeconds(360));
        assertThat(low.after(50, -1)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void retryAfterWinsUpToADay() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(300), () -> 0.5);
        assertThat(b.after(1, 900)).isEqualTo(Duration.ofSeconds(900));
        assertThat(b.after(1, 10_000_000)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void thePacerSpacesSendsAtTheConfiguredRate() {
        SendPacer pacer = new SendPacer(100);
        long t0 = 1_000_000_000L;
        assertThat(pacer.reserve(t0)).isEqualTo(Duration.ZERO);
        assertThat(pacer.reserve(t0)).isEqualTo(Duration.ofMillis(10));
        assertThat(pacer.reserve(t0)).isEqualTo(Duration.ofMillis(20));
        assertThat(pacer.reserve(t0 + 1_000_000_000L)).as("idle time is not saved up").isEqualTo(Duration.ZERO);
    }
}
