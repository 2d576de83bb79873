package dev.locus.node.sip;

import java.net.InetAddress;

/**
 * What the SIP layer asks about a source before it spends work on it: at the earliest point of each transport (a
 * UDP datagram before parsing, a TCP connection at accept) and for each parsed request. Called on the receiving
 * threads: every answer must be local and quick, never a cluster round trip.
 */
public interface SourceScreen {

    /** What becomes of a parsed request. */
    enum Verdict { PASS, DROP, FORBID }

    /**
     * A UDP datagram, before parsing.
     *
     * @param request whether it looks like a request (not a response)
     * @return false: drop it unread
     */
    boolean admitDatagram(InetAddress source, boolean request);

    /** @return false: reset the TCP connection at accept */
    boolean admitConnection(InetAddress source);

    /** @param udp whether it came in a datagram (already counted by {@link #admitDatagram}) */
    Verdict onRequest(InetAddress source, boolean udp);

    SourceScreen OPEN = new SourceScreen() {
        @Override
        public boolean admitDatagram(InetAddress source, boolean request) {
            return true;
        }

        @Override
        public boolean admitConnection(InetAddress source) {
            return true;
        }

        @Override
        public Verdict onRequest(InetAddress source, boolean udp) {
            return Verdict.PASS;
        }
    };
}
