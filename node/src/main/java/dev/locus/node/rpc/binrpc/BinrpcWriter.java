package dev.locus.node.rpc.binrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes binrpc records, byte for byte as Kamailio's {@code binrpc_add_*} do: integers in the fewest big-endian bytes
 * (leading zero bytes dropped, so -1 takes four), strings with their terminating NUL, lengths of 8 or more in
 * separate bytes. Refuses to grow beyond {@code maxBytes}, so a huge answer costs at most that much memory.
 */
final class BinrpcWriter {

    private final int maxBytes;
    private byte[] buf = new byte[256];
    private int size;
    private int openStructs;

    BinrpcWriter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        if (openStructs != 0) {
            throw new IllegalStateException(openStructs + " structures left open");
        }
        return Arrays.copyOf(buf, size);
    }

    BinrpcWriter integer(int value) throws BinrpcOverflowException {
        int length = minimalLength(value & 0xFFFF_FFFFL, 4);
        put(length << 4 | BinrpcTypes.INT);
        putBigEndian(value & 0xFFFF_FFFFL, length);
        return this;
    }

    /** Kamailio's fixed point: the value times 1000, truncated, in at most 8 bytes (a DOUBLE's size is never flagged). */
    BinrpcWriter decimal(double value) throws BinrpcOverflowException {
        long thousandths = (long) (value * 1000);
        int length = minimalLength(thousandths, 8);
        put(length << 4 | BinrpcTypes.DOUBLE);
        putBigEndian(thousandths, length);
        return this;
    }

    BinrpcWriter string(String value) throws BinrpcOverflowException {
        return text(BinrpcTypes.STR, value.getBytes(StandardCharsets.UTF_8), true);
    }

    BinrpcWriter bytes(byte[] value) throws BinrpcOverflowException {
        return text(BinrpcTypes.BYTES, value, false);
    }

    /** A struct member's name; its value is the next record written. */
    BinrpcWriter name(String name) throws BinrpcOverflowException {
        if (openStructs == 0) {
            throw new IllegalStateException("a named member outside a structure: " + name);
        }
        return text(BinrpcTypes.AVP, name.getBytes(StandardCharsets.UTF_8), true);
    }

    BinrpcWriter startStruct() throws BinrpcOverflowException {
        put(BinrpcTypes.STRUCT);
        openStructs++;
        return this;
    }

    BinrpcWriter endStruct() throws BinrpcOverflowException {
        if (openStructs == 0) {
            throw new IllegalStateException("no structure to end");
        }
        put(0x80 | BinrpcTypes.STRUCT);
        openStructs--;
        return this;
    }

    BinrpcWriter value(BinrpcValue value) throws BinrpcOverflowException {
        if (value instanceof BinrpcValue.Int i) {
            return integer(i.value());
        }
        if (value instanceof BinrpcValue.Str s) {
            return string(s.value());
        }
        if (value instanceof BinrpcValue.Dbl d) {
            return decimal(d.value());
        }
        if (value instanceof BinrpcValue.Bytes b) {
            return bytes(b.value());
        }
        startStruct();
        for (BinrpcValue.Member m : ((BinrpcValue.Struct) value).members()) {
            if (m.isNamed()) {
                name(m.name());
            }
            value(m.value());
        }
        return endStruct();
    }

    private BinrpcWriter text(int type, byte[] content, boolean nulTerminated) throws BinrpcOverflowException {
        int length = content.length + (nulTerminated ? 1 : 0);
        if (length < 8) {
            put(length << 4 | type);
        } else {
            int lengthBytes = minimalLength(length, 4);
            put((8 | lengthBytes) << 4 | type);
            putBigEndian(length, lengthBytes);
        }
        ensure(length);
        System.arraycopy(content, 0, buf, size, content.length);
        size += content.length;
        if (nulTerminated) {
            buf[size++] = 0;
        }
        return this;
    }

    /** Bytes needed for the value with its leading zero bytes dropped (0 for zero). */
    static int minimalLength(long unsigned, int maxLength) {
        int length = maxLength;
        while (length > 0 && (unsigned >>> ((length - 1) * 8)) == 0) {
            length--;
        }
        return length;
    }

    private void putBigEndian(long value, int length) throws BinrpcOverflowException {
        ensure(length);
        for (int i = length - 1; i >= 0; i--) {
            buf[size++] = (byte) (value >>> (i * 8));
        }
    }

    private void put(int b) throws BinrpcOverflowException {
        ensure(1);
        buf[size++] = (byte) b;
    }

    private void ensure(int more) throws BinrpcOverflowException {
        if ((long) size + more > maxBytes) {
            throw new BinrpcOverflowException(maxBytes);
        }
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, Math.max((long) buf.length * 2, size + more)));
        }
    }
}
