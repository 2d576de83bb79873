package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Serialises a response document answer by answer into at most {@code maxBytes}: each answer becomes bytes as soon
 * as its method returned, so a batch holds one method's result tree at a time, never all of them plus their text;
 * an answer that would not fit is replaced by an error, and its serialisation stops at the limit.
 */
final class ResponseEncoder {

    private static final Logger log = LoggerFactory.getLogger(ResponseEncoder.class);

    private final ObjectMapper json;
    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean batch;
    private int answers;
    private boolean overflowed;

    ResponseEncoder(ObjectMapper json, int maxBytes, boolean batch) {
        this.json = json;
        this.maxBytes = maxBytes;
        this.batch = batch;
    }

    /** Adds one answer; {@code id} names it in the error that replaces it when it does not fit. */
    void add(JsonNode answer, JsonNode id) {
        int room = maxBytes - out.size() - (batch ? 2 : 0); // a batch's '[' or ',' and its closing ']'
        byte[] bytes = encodeWithin(answer, room);
        if (bytes == null) {
            log.warn("JSON-RPC answer larger than {} bytes replaced by an error (rpc.max_response_bytes)", maxBytes);
            // The error is small; it is let through even when the budget is spent, so every request is answered.
            bytes = encodeWithin(RpcResponses.error(id, RpcException.responseTooLarge(maxBytes)), Integer.MAX_VALUE);
            overflowed = true;
        }
        if (batch) {
            out.write(answers == 0 ? '[' : ',');
        }
        out.writeBytes(bytes);
        answers++;
    }

    /** Whether an answer has already been refused for its size: the budget is as good as spent. */
    boolean overflowed() {
        return overflowed;
    }

    boolean isEmpty() {
        return answers == 0;
    }

    byte[] bytes() {
        if (batch) {
            out.write(']');
        }
        return out.toByteArray();
    }

    /** The answer's bytes, or null when they exceed {@code room}; never buffers more than {@code room} + 1. */
    private byte[] encodeWithin(JsonNode answer, int room) {
        LimitedBuffer buffer = new LimitedBuffer(Math.max(room, 0));
        try {
            json.writeValue(buffer, answer);
            return buffer.toByteArray();
        } catch (LimitedBuffer.Full e) {
            return null;
        } catch (IOException e) {
            if (e.getCause() instanceof LimitedBuffer.Full) {
                return null;
            }
            // Only a method's result can fail to serialise (a POJO node); that is a bug of the method.
            log.error("JSON-RPC response could not be serialised", e);
            try {
                return json.writeValueAsBytes(RpcResponses.error(answer.path("id"), RpcException.internalError()));
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }
    }

    /** A byte buffer that refuses to grow past its limit. */
    private static final class LimitedBuffer extends OutputStream {

        static final class Full extends IOException {
            Full() {
                super("response limit reached", null);
            }
        }

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;

        LimitedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (bytes.size() + len > limit) {
                throw new Full();
            }
            bytes.write(b, off, len);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
