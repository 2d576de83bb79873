package dev.locus.node.sip;

import gov.nist.javax.sip.message.SIPMessage;

import javax.sip.header.ContentLengthHeader;
import javax.sip.message.Message;

/**
 * {@code sip.max_message_size}, the same on UDP and TCP. The RI cannot enforce it itself: it reads a datagram into
 * a buffer of that size and cuts what does not fit, and over TCP it drops the connection once the headers pass half
 * of it. So the stack is given a larger ceiling to read by, the parser measures every message against the limit
 * and marks those past it, and the listener answers them 513 instead of handling them.
 */
public final class MessageSizeLimit {

    /** Stack property through which the parser factory, which the RI builds by class name, learns the limit. */
    static final String PROPERTY = "dev.locus.sip.MAX_MESSAGE_SIZE";
    private static final Object EXCEEDED = new Object();

    private MessageSizeLimit() {
    }

    /**
     * What the RI is allowed to read, so that a message past the limit arrives whole enough to be answered: the
     * RI's own cap on a TCP header section is half of it, and a UDP buffer this size (at most 64 KiB) holds any
     * datagram, so none is ever cut. Past this ceiling the RI still closes a TCP connection without an answer.
     */
    static int readCeiling(int limit) {
        return (int) Math.min(Integer.MAX_VALUE, 4L * limit);
    }

    /**
     * @param bytes       what the RI hands the parser: a whole datagram, or a TCP message's start line and headers
     * @param bodyInBytes whether {@code bytes} hold the body too (UDP) or the body follows on the stream (TCP)
     */
    static void measure(SIPMessage message, byte[] bytes, boolean bodyInBytes, int limit) {
        long size = bytes.length;
        if (!bodyInBytes) {
            ContentLengthHeader length = message.getContentLength();
            size += length == null ? 0 : length.getContentLength();
        }
        if (size > limit) {
            message.setApplicationData(EXCEEDED);
        }
    }

    /** Whether the message was larger than the limit: it must be refused, never handled. */
    public static boolean exceeded(Message message) {
        return message instanceof SIPMessage m && m.getApplicationData() == EXCEEDED;
    }
}
