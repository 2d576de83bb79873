package dev.locus.node.sip;

/**
 * Whether a datagram can be a SIP message at all, from its first bytes: a request line starts with a method (a
 * token) and a space, a status line with {@code SIP/}. Anything else is dropped on receipt, as Kamailio drops a
 * message whose first line it cannot parse, without being queued, copied or parsed: a flood of random bytes then
 * costs the node one look at a few bytes per datagram. CRLF keep-alives (and the CRLFs and blanks RFC 3261 §7.5 lets
 * precede a start line) pass, for the SIP stack to handle as before.
 */
final class StartLine {

    /** Longer than any method anyone registers; past it, no space means no request line. */
    private static final int MAX_METHOD = 32;

    private StartLine() {
    }

    static boolean plausible(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && isBlank(bytes[at])) {
            at++;
        }
        if (at == end) {
            return true; // a keep-alive
        }
        if (startsWith(bytes, at, end, "SIP/")) {
            return true;
        }
        int method = 0;
        while (at < end && method <= MAX_METHOD && isTokenChar(bytes[at])) {
            at++;
            method++;
        }
        return method > 0 && method <= MAX_METHOD && at < end && bytes[at] == ' ';
    }

    /**
     * Whether a datagram counts as a request for flood limits: anything but a keep-alive or a status line (garbage
     * included, which a flood of it makes count).
     */
    static boolean requestLike(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end && isBlank(bytes[at])) {
            at++;
        }
        return at < end && !startsWith(bytes, at, end, "SIP/");
    }

    private static boolean isBlank(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    private static boolean startsWith(byte[] bytes, int at, int end, String prefix) {
        if (end - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3261 §25.1 token: alphanumerics and {@code -.!%*_+`'~}. */
    private static boolean isTokenChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "-.!%*_+`'~".indexOf(b) >= 0;
    }
}
