package dev.locus.node.sip.tcp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledWarningTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    /** The summaries the warning asked to write later, run by the test when "the interval has passed". */
    private final Deque<Runnable> due = new ArrayDeque<>();
    private ThrottledWarning warning;

    @BeforeEach
    void captureALoggerOfItsOwn() {
        Logger log = (Logger) LoggerFactory.getLogger("test.throttled." + System.identityHashCode(this));
        log.setLevel(Level.INFO);
        log.setAdditive(false);
        appender.start();
        log.addAppender(appender);
        warning = new ThrottledWarning(log, INTERVAL, (task, delay) -> {
            assertThat(delay).isEqualTo(INTERVAL);
            due.add(task);
        });
    }

    @Test
    void theFirstOccurrenceIsLoggedAtOnceAndTheRestOfTheIntervalInOneLineWithTheirCount() {
        for (int i = 1; i <= 1000; i++) {
            warning.warn("refused #" + i);
        }
        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo("refused #1 (more like it are summed up every 10 s)");
        });

        due.removeFirst().run();

        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.get(1).getFormattedMessage())
                .isEqualTo("999 more in the last 10 s, the last: refused #1000");
    }

    @Test
    void aQuietIntervalEndsTheWindowSoThatTheNextOccurrenceIsLoggedAtOnceAgain() {
        warning.warn("first");
        due.removeFirst().run();
        assertThat(appender.list).hasSize(1);
        assertThat(due).as("nothing held back: no further summary").isEmpty();

        warning.warn("again");

        assertThat(appender.list).hasSize(2);
        assertThat(appender.list.get(1).getFormattedMessage()).startsWith("again");
    }

    @Test
    void aFloodThatGoesOnIsSummedUpOncePerInterval() {
        warning.warn("start");
        for (int interval = 0; interval < 5; interval++) {
            for (int i = 0; i < 100; i++) {
                warning.warn("flood");
            }
            due.removeFirst().run();
        }
        due.removeFirst().run();

        assertThat(appender.list).hasSize(6);
        assertThat(appender.list.subList(1, 6)).allSatisfy(e ->
                assertThat(e.getFormattedMessage()).startsWith("100 more in the last 10 s"));
        assertThat(due).isEmpty();
    }
}
