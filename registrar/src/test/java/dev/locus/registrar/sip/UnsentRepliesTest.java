package dev.locus.registrar.sip;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UnsentRepliesTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final UnsentReplies unsent = new UnsentReplies(now::get);
    private final IOException gone = new IOException("connection reset");

    @Test
    void theFirstIsReportedAtOnceAndTheRestOncePerInterval() {
        assertThat(unsent.report(200, gone)).isTrue();
        int written = 0;
        for (int i = 0; i < 10_000; i++) {
            now.addAndGet(UnsentReplies.INTERVAL_NANOS / 1_000);
            if (unsent.report(200, gone)) {
                written++;
            }
        }
        assertThat(written).isEqualTo(10);
    }

    @Test
    void aBurstWithinOneIntervalWritesOneLine() {
        int written = 0;
        for (int i = 0; i < 1_000; i++) {
            if (unsent.report(401, gone)) {
                written++;
            }
        }
        assertThat(written).isEqualTo(1);
    }
}
