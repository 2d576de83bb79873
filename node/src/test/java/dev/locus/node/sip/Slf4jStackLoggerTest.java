package dev.locus.node.sip;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class Slf4jStackLoggerTest {

    /** What the RI logs for a datagram it failed on: its whole 16,384-byte buffer, as decimals. */
    private static final String DATAGRAM_ERROR = "Error while processing incoming UDP packet"
            + Arrays.toString(new byte[16384]);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Slf4jStackLogger stackLogger;

    @BeforeEach
    void captureALoggerOfItsOwn() {
        Logger log = (Logger) LoggerFactory.getLogger("test.stack-logger." + System.identityHashCode(this));
        log.setLevel(Level.INFO);
        log.setAdditive(false);
        appender.start();
        log.addAppender(appender);
        stackLogger = new Slf4jStackLogger(log, nanos::get);
    }

    @Test
    void anErrorTextCarryingAWholeDatagramIsLoggedAsOneLineOfAFewHundredCharactersWithoutItsStackTrace() {
        stackLogger.logError(DATAGRAM_ERROR, new NullPointerException("getCSeqHeader() is null"));

        assertThat(appender.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage().length()).isLessThanOrEqualTo(300);
            assertThat(event.getThrowableProxy()).isNull();
        });
    }

    /** Found by the fuzzer: the RI quotes the response it could not send, line ends included. */
    @Test
    void aQuotedMessageStaysOnOneLineSoItsHeadersCannotPassForLogEntries() {
        stackLogger.logError("Problem connecting /127.0.0.253 16453 /127.0.0.251 for message SIP/2.0 403 Forbidden\r\n"
                + "CSeq: 10 KDMQ\r\nCall-ID: x\n12:00:00.000 ERROR [main] forged - entry\r\n");

        assertThat(appender.list).singleElement().satisfies(event ->
                assertThat(event.getFormattedMessage()).doesNotContain("\r", "\n")
                        .contains("403 Forbidden CSeq: 10 KDMQ Call-ID: x 12:00:00.000 ERROR"));
    }

    @Test
    void aFloodOfErrorsLogsTheWindowsShareAndThenHowManyWereHeldBack() {
        for (int i = 0; i < 1000; i++) {
            stackLogger.logError(DATAGRAM_ERROR);
        }
        assertThat(appender.list).hasSize(Slf4jStackLogger.LINES_PER_WINDOW);

        nanos.addAndGet(Slf4jStackLogger.WINDOW_NANOS);
        stackLogger.logWarning("next");

        assertThat(appender.list).hasSize(Slf4jStackLogger.LINES_PER_WINDOW + 2);
        assertThat(appender.list.get(Slf4jStackLogger.LINES_PER_WINDOW).getFormattedMessage())
                .startsWith((1000 - Slf4jStackLogger.LINES_PER_WINDOW) + " more JAIN-SIP warnings and errors not logged");
        assertThat(appender.list.get(Slf4jStackLogger.LINES_PER_WINDOW + 1).getFormattedMessage()).isEqualTo("next");
    }
}
