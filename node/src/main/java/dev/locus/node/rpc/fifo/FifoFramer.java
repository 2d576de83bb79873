package dev.locus.node.rpc.fifo;

import java.io.ByteArrayOutputStream;

/**
 * Cuts the FIFO's byte stream into JSON documents as jsonrpcs does ({@code jsonrpc_read_stream}): a document ends
 * where the braces opened since its first {@code {} are all closed again, braces inside strings not counted. Strings
 * are delimited by {@code "} or, as jsonrpcs also accepts, {@code '}. Unlike jsonrpcs, a backslash escapes the next
 * character whatever it is (so {@code "a\\"} ends the string), and a {@code }} before any {@code {} is ignored
 * rather than leaving the count below zero for good, and whatever precedes a document's first {@code {} (a
 * newline, or junk) is skipped rather than becoming part of it.
 *
 * <p>A document longer than {@code maxBytes} is not kept: its bytes are counted up to its end and it is told as
 * {@link Frame.Oversized}, so the next document starts in step (jsonrpcs resumes mid-document instead).
 */
final class FifoFramer {

    /** What a byte completed. */
    sealed interface Frame permits Frame.Document, Frame.Oversized {

        /** A whole document, with whatever preceded its first brace (whitespace between documents). */
        record Document(byte[] bytes) implements Frame {
        }

        /** A document that ended beyond the limit, dropped. */
        record Oversized(long bytes) implements Frame {
        }
    }

    private final int maxBytes;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long length;
    private int depth;
    private boolean opened;
    /** 0 outside a string, else the quote that opened it. */
    private byte quote;
    private boolean escaped;

    FifoFramer(int maxBytes) {
        if (maxBytes < 2) {
            throw new IllegalArgumentException("maxBytes must be at least 2: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** @return the document (or the oversized one) this byte ended, else null */
    Frame accept(byte b) {
        if (!opened && b != '{') {
            return null; // between documents: blanks (kamcli ends each with a newline), or junk skipped to resync
        }
        length++;
        if (length <= maxBytes) {
            kept.write(b);
        }
        if (quote != 0) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == quote) {
                quote = 0;
            }
            return null;
        }
        if (b == '"' || b == '\'') {
            quote = b;
        } else if (b == '{') {
            opened = true;
            depth++;
        } else if (b == '}' && depth > 0) {
            depth--;
        }
        if (!opened || depth > 0) {
            return null;
        }
        Frame frame = length <= maxBytes ? new Frame.Document(kept.toByteArray()) : new Frame.Oversized(length);
        reset();
        return frame;
    }

    /** Bytes of a document begun and not yet ended. */
    long pending() {
        return length;
    }

    private void reset() {
        kept.reset();
        length = 0;
        depth = 0;
        opened = false;
        quote = 0;
        escaped = false;
    }

}
