package dev.locus.node.rpc.binrpc;

import java.util.Arrays;

/**
 * One binrpc packet: {@code 0xA1}, a byte with the type and the widths of the two fields that follow, the body's
 * length and the cookie (each in 1 to 4 big-endian bytes, as few as they need), then the body. A reply carries the
 * cookie of its request: kamcmd refuses any other.
 */
record BinrpcPacket(int type, int cookie, byte[] body) {

    /** The largest header: 2 fixed bytes, a 4-byte length, a 4-byte cookie. */
    static final int MAX_HEADER = 10;
    /** The smallest: 2 fixed bytes, 1-byte length, 1-byte cookie. */
    static final int MIN_HEADER = 4;

    BinrpcPacket {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    byte[] encode() {
        int lengthBytes = Math.max(1, BinrpcWriter.minimalLength(body.length, 4));
        int cookieBytes = Math.max(1, BinrpcWriter.minimalLength(cookie & 0xFFFF_FFFFL, 4));
        byte[] out = new byte[2 + lengthBytes + cookieBytes + body.length];
        out[0] = (byte) BinrpcTypes.MAGIC_VERSION;
        out[1] = (byte) (type << 4 | (lengthBytes - 1) << 2 | (cookieBytes - 1));
        int p = 2;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            out[p++] = (byte) (body.length >>> (i * 8));
        }
        for (int i = cookieBytes - 1; i >= 0; i--) {
            out[p++] = (byte) (cookie >>> (i * 8));
        }
        System.arraycopy(body, 0, out, p, body.length);
        return out;
    }

    /** A packet's header: what comes after it is {@code bodyLength} bytes of body. */
    record Header(int type, int bodyLength, int cookie, int headerLength) {

        int packetLength() {
            return headerLength + bodyLength;
        }
    }

    /**
     * Reads a header from the start of {@code buf[0, length)}.
     *
     * @return null when more bytes are needed to tell
     * @throws BinrpcFormatException when the bytes are not a binrpc header (wrong magic or version, unknown type)
     */
    static Header readHeader(byte[] buf, int length) throws BinrpcFormatException {
        if (length < 2) {
            return null;
        }
        if ((buf[0] & 0xFF) != BinrpcTypes.MAGIC_VERSION) {
            throw new BinrpcFormatException(BinrpcFormatException.CORRUPTED);
        }
        int type = (buf[1] & 0xFF) >>> 4;
        if (type != BinrpcTypes.REQUEST && type != BinrpcTypes.REPLY && type != BinrpcTypes.FAULT) {
            throw new BinrpcFormatException(BinrpcFormatException.CORRUPTED);
        }
        int lengthBytes = ((buf[1] >>> 2) & 3) + 1;
        int cookieBytes = (buf[1] & 3) + 1;
        int headerLength = 2 + lengthBytes + cookieBytes;
        if (length < headerLength) {
            return null;
        }
        long bodyLength = 0;
        int p = 2;
        for (int i = 0; i < lengthBytes; i++) {
            bodyLength = bodyLength << 8 | (buf[p++] & 0xFF);
        }
        int cookie = 0;
        for (int i = 0; i < cookieBytes; i++) {
            cookie = cookie << 8 | (buf[p++] & 0xFF);
        }
        if (bodyLength > Integer.MAX_VALUE - MAX_HEADER) {
            throw new BinrpcFormatException(BinrpcFormatException.OVERFLOW);
        }
        return new Header(type, (int) bodyLength, cookie, headerLength);
    }

    /** The packet whose header is {@code h}, from a buffer that holds all of it. */
    static BinrpcPacket of(Header h, byte[] buf) {
        return new BinrpcPacket(h.type(), h.cookie(), Arrays.copyOfRange(buf, h.headerLength(), h.packetLength()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinrpcPacket p && p.type == type && p.cookie == cookie && Arrays.equals(p.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + cookie) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "BinrpcPacket[type=" + type + ", cookie=" + Integer.toHexString(cookie) + ", body=" + body.length + " bytes]";
    }
}
