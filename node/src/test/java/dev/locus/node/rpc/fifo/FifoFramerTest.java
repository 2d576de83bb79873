package dev.locus.node.rpc.fifo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FifoFramerTest {

    /** Every frame the stream completes, documents as text, oversized ones as "OVERSIZED n". */
    private static List<String> frames(FifoFramer framer, String stream) {
        List<String> out = new ArrayList<>();
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            FifoFramer.Frame frame = framer.accept(b);
            if (frame instanceof FifoFramer.Frame.Document d) {
                out.add(new String(d.bytes(), StandardCharsets.UTF_8));
            } else if (frame instanceof FifoFramer.Frame.Oversized o) {
                out.add("OVERSIZED " + o.bytes());
            }
        }
        return out;
    }

    @Test
    void aDocumentEndsWhereItsOutermostBraceCloses() {
        String kamcli = "{\n  \"jsonrpc\": \"2.0\",\n  \"method\": \"ul.dump\",\n  \"params\": [{\"a\": {}}],\n"
                + "  \"reply_name\": \"r\",\n  \"id\": 7\n}\n";
        assertThat(frames(new FifoFramer(1024), kamcli + kamcli))
                .containsExactly(kamcli.trim(), kamcli.trim());
    }

    @Test
    void bracesInsideStringsAreNotCounted() {
        String doc = "{\"method\": \"x{\", \"p\": ['}', \"it's\", \"}}\"]}";
        assertThat(frames(new FifoFramer(1024), doc + doc)).containsExactly(doc, doc);
    }

    @Test
    void anEscapedQuoteDoesNotEndAStringButAnEscapedBackslashDoes() {
        String doc = "{\"a\": \"q\\\"}\", \"b\": \"\\\\\"}";
        assertThat(frames(new FifoFramer(1024), doc)).containsExactly(doc);
    }

    @Test
    void whatPrecedesADocumentIsSkipped() {
        assertThat(frames(new FifoFramer(1024), "\n  junk } \" \n{\"a\": 1}")).containsExactly("{\"a\": 1}");
    }

    @Test
    void anIncompleteDocumentIsNotFramed() {
        FifoFramer framer = new FifoFramer(1024);
        assertThat(frames(framer, "{\"a\": {\"b\": 1}")).isEmpty();
        assertThat(framer.pending()).isEqualTo(14);
        assertThat(frames(framer, "}")).containsExactly("{\"a\": {\"b\": 1}}");
        assertThat(framer.pending()).isZero();
    }

    @Test
    void anOversizedDocumentIsDroppedAndTheNextOneIsFramedInStep() {
        FifoFramer framer = new FifoFramer(16);
        String big = "{\"a\": \"" + "}".repeat(40) + "\"}";
        assertThat(frames(framer, big + "\n{\"b\": 2}")).containsExactly("OVERSIZED " + big.length(), "{\"b\": 2}");
    }

    @Test
    void aDocumentOfExactlyTheLimitIsKept() {
        assertThat(frames(new FifoFramer(8), "{\"a\": 1}")).containsExactly("{\"a\": 1}");
    }
}
