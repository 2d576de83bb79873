package dev.locus.registrar.proxy;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.util.ListIterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 3261 §16.3 step 4 and §16.6 step 8: the branch of every request this node forwards carries a hash of the
 * request as it arrived (Request-URI, Call-ID, tags, CSeq). A request that comes back with one of our Vias whose
 * hash matches its own has been here unchanged: a loop (482). One that comes back changed (a new Request-URI)
 * is a spiral and goes on.
 */
final class LoopDetection {

    /** Every branch this node's proxy makes starts so; a stray response with it is ours to pass on. */
    static final String PREFIX = "z9hG4bKlc";

    private final AtomicLong sequence = new AtomicLong();

    /** @param key the {@link #key} of the request as it arrived, taken once for all its branches */
    String branch(String key) {
        return PREFIX + key + "." + Long.toHexString(sequence.incrementAndGet());
    }

    /** A stateless forward (ACK for a 2xx) gets the same branch for the same request, as RFC 3261 §16.11 asks. */
    static String statelessBranch(Request incoming) {
        return PREFIX + key(incoming) + ".0";
    }

    boolean looped(Request incoming, LocalSockets sockets) {
        String mine = PREFIX + key(incoming) + ".";
        for (ListIterator<?> it = incoming.getHeaders(ViaHeader.NAME); it.hasNext(); ) {
            ViaHeader via = (ViaHeader) it.next();
            String branch = via.getBranch();
            if (branch != null && branch.startsWith(mine) && sockets.isOurs(via.getHost(), via.getPort())) {
                return true;
            }
        }
        return false;
    }

    static String key(Request request) {
        long h = 1125899906842597L;
        h = mix(h, request.getRequestURI().toString());
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        h = mix(h, callId == null ? "" : callId.getCallId());
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        h = mix(h, from == null || from.getTag() == null ? "" : from.getTag());
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        h = mix(h, to == null || to.getTag() == null ? "" : to.getTag());
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        h = mix(h, cseq == null ? "" : cseq.getSeqNumber() + cseq.getMethod());
        return Long.toHexString(h);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h * 0x9E3779B97F4A7C15L;
    }
}
