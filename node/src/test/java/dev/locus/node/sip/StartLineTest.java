package dev.locus.node.sip;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StartLineTest {

    private static boolean plausible(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return StartLine.plausible(bytes, 0, bytes.length);
    }

    @Test
    void requestsResponsesAndKeepAlivesPass() {
        assertThat(plausible("REGISTER sip:example.com SIP/2.0\r\nVia: x\r\n\r\n")).isTrue();
        assertThat(plausible("SIP/2.0 200 OK\r\n\r\n")).isTrue();
        assertThat(plausible("\r\n\r\n")).isTrue();
        assertThat(plausible("")).isTrue();
        assertThat(plausible("\r\nOPTIONS sip:h SIP/2.0\r\n")).as("CRLFs before the start line").isTrue();
        // What the stack itself must refuse with a 400 still reaches it.
        assertThat(plausible("REGISTER sip:example.com SIP/3.0\r\n")).isTrue();
        assertThat(plausible("x-custom.method sip:h SIP/2.0\r\n")).isTrue();
    }

    private static boolean requestLike(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return StartLine.requestLike(bytes, 0, bytes.length);
    }

    @Test
    void requestsAndGarbageCountForFloodLimitsStatusLinesAndKeepAlivesNot() {
        assertThat(requestLike("REGISTER sip:example.com SIP/2.0\r\n\r\n")).isTrue();
        assertThat(requestLike("\r\nINVITE sip:h SIP/2.0\r\n")).isTrue();
        assertThat(requestLike("\u0001garbage")).isTrue();
        assertThat(requestLike("SIP/2.0 180 Ringing\r\n\r\n")).isFalse();
        assertThat(requestLike("\r\n\r\n")).isFalse();
        assertThat(requestLike("")).isFalse();
    }

    @Test
    void whatCannotBeSipIsDropped() {
        assertThat(plausible("\u0001\u0002garbage\u00ff\u00fe\r\nnot: sip\r\n\r\n")).isFalse();
        assertThat(plausible("REGISTER\r\n")).as("a method and no space").isFalse();
        assertThat(plausible(" ")).isTrue();
        assertThat(plausible("A".repeat(33) + " sip:h SIP/2.0")).as("a method longer than any").isFalse();
        assertThat(plausible("<xml> sip")).isFalse();
    }

    @Test
    void nearlyEveryRandomDatagramIsDropped() {
        Random random = new Random(7);
        byte[] datagram = new byte[16 * 1024];
        int passed = 0;
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(datagram);
            if (StartLine.plausible(datagram, 0, datagram.length)) {
                passed++;
            }
        }
        assertThat(passed).isLessThan(100);
    }

    @Test
    void onlyTheGivenRangeIsRead() {
        byte[] bytes = "xxOPTIONS sip:h SIP/2.0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(StartLine.plausible(bytes, 2, bytes.length - 2)).isTrue();
        assertThat(StartLine.plausible(bytes, 2, 7)).as("OPTIONS without its space").isFalse();
    }
}
