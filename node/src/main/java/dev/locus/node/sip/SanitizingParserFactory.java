package dev.locus.node.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.header.ContentLengthHeader;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RI answers a request with a broken mandatory header with a 400 whose reason phrase is the parser's message:
 * parser internals ({@code JAIN-SIP Exception, CSeq, setSequenceNumber()}, a {@code char[]}'s identity), and the
 * bad header line, CRLF included, a response that itself breaks SIP. This parser keeps the RI's behaviour but
 * says what is wrong in the message's own terms ({@code Bad CSeq}). It also refuses what the RI would silently
 * repair: a request line of another SIP version (the RI reads it as SIP/2.0) and a repeated To, From, Call-ID or
 * CSeq (the RI keeps the first); and it measures every message against {@code sip.max_message_size}
 * ({@link MessageSizeLimit}). Instantiated by the RI by class name.
 */
public final class SanitizingParserFactory implements MessageParserFactory {

    /** Single-valued headers RFC 3261 requires, by every name they go by (compact forms included). */
    private static final Map<String, String> SINGLE = Map.of("to", "To", "t", "To", "from", "From", "f", "From",
            "call-id", "Call-ID", "i", "Call-ID", "cseq", "CSeq");

    /**
     * Headers without which the RI cannot handle a request (a missing CSeq ends in a NullPointerException inside its
     * UDP channel, logged with the whole datagram): refused here, before the RI touches the message.
     */
    private static final Map<String, String> MANDATORY = Map.of("to", "To", "t", "To", "from", "From", "f", "From",
            "call-id", "Call-ID", "i", "Call-ID", "cseq", "CSeq", "via", "Via", "v", "Via");

    private static final String MISSING = "Bad Request - missing ";

    private static final List<String> MANDATORY_ORDER = List.of("Via", "From", "To", "Call-ID", "CSeq");

    private static final Map<String, String> COMPACT = Map.of("t", "To", "f", "From", "i", "Call-ID", "v", "Via",
            "m", "Contact", "l", "Content-Length", "c", "Content-Type");

    public SanitizingParserFactory() {
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser parser = new StringMsgParser();
        int limit = Integer.parseInt(((SipStackImpl) stack).getConfigurationProperties()
                .getProperty(MessageSizeLimit.PROPERTY));
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener, limit);
    }

    private static SIPMessage parse(StringMsgParser parser, byte[] bytes, boolean readBody, boolean strict,
                                    ParseExceptionListener listener, int limit) throws ParseException {
        String refusal = refusal(bytes);
        if (refusal != null) {
            if (readBody && refusal.startsWith(MISSING)) {
                // The RI's 400 copies Via, From, To, Call-ID and CSeq, so without one there is no answer at all; a
                // datagram is dropped here, before the RI decodes it whole a second time to find that out (a flood
                // of request lines followed by junk then costs one scan of the headers per datagram).
                return null;
            }
            throw new ParseException(refusal, 0);
        }
        ParseExceptionListener clean = listener == null ? null : (e, message, headerClass, header, text) -> {
            try {
                listener.handleException(e, message, headerClass, header, text);
            } catch (ParseException rethrown) {
                ParseException named = new ParseException(badHeader(header), rethrown.getErrorOffset());
                named.initCause(rethrown);
                throw named;
            } catch (NullPointerException closedAlready) {
                // The RI's TCP channel closes its socket on a broken mandatory header, and fails with a null socket
                // when a second one follows in what it had already read: the message is refused all the same.
                throw new ParseException(badHeader(header), 0);
            }
        };
        SIPMessage message;
        try {
            message = parser.parseSIPMessage(bytes, readBody, strict, clean);
        } catch (ParseException e) {
            if (e.getCause() instanceof ParseException && e.getMessage().startsWith("Bad ")) {
                throw e;
            }
            ParseException folded = new ParseException(oneLine(e.getMessage()), e.getErrorOffset());
            folded.initCause(e);
            throw folded;
        }
        if (message == null) {
            return null;
        }
        String missing = missing(message);
        if (missing != null) {
            throw new ParseException("Bad Request - missing " + missing, 0);
        }
        if (message.getTopmostVia().getPort() > 65_535) {
            // The RI reads any int as a port; answering such a Via over TCP, once the connection is gone, fails.
            throw new ParseException("Bad Via - port out of range", 0);
        }
        if (!readBody && pastReadCeiling(message, limit)) {
            // The RI would throw out of its TCP reader thread (a stack trace on stderr per message); the stream cannot
            // be followed past a body it will not read, so the connection is closed here, without an answer.
            if (listener instanceof MessageChannel channel) {
                channel.close();
            }
            throw new ParseException("Bad Content-Length - larger than the stack reads", 0);
        }
        // The RI parses a datagram with its body, and a TCP message's headers before reading its body.
        MessageSizeLimit.measure(message, bytes, readBody, limit);
        return message;
    }

    /**
     * The first mandatory header the parsed message lacks, or null. {@link #refusal} reads the lines as text; the
     * parser can still lose a header it saw there: one it cannot parse under a compact name is kept as an unparsed
     * line, and a line of blanks ends its header section early. The RI would then fail on the message (a null
     * CSeq inside its UDP channel) instead of refusing it.
     */
    static String missing(SIPMessage message) {
        if (message.getTopmostVia() == null) {
            return "Via";
        }
        if (message.getFrom() == null) {
            return "From";
        }
        if (message.getTo() == null) {
            return "To";
        }
        if (message.getCallId() == null) {
            return "Call-ID";
        }
        return message.getCSeq() == null ? "CSeq" : null;
    }

    /**
     * Whether the RI's TCP reader would refuse the body by throwing: a Content-Length past what the stack reads
     * ({@link MessageSizeLimit#readCeiling}) or a Content-Length header longer than 30 characters, its two checks.
     */
    private static boolean pastReadCeiling(SIPMessage message, int limit) {
        if (message.getHeaderAsFormattedString(ContentLengthHeader.NAME).length() > 30) {
            return true;
        }
        ContentLengthHeader length = message.getContentLength();
        return length != null && length.getContentLength() > MessageSizeLimit.readCeiling(limit);
    }

    /**
     * Why a request must get a 400 although the RI would parse it, or null. Responses are left to the RI. Reads the
     * header section only, byte for byte as ISO-8859-1 (header names are ASCII), on every message.
     */
    static String refusal(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int limit = end < 0 ? text.length() : end;
        int at = 0;
        String requestLine = null;
        Set<String> seen = new HashSet<>();
        Set<String> present = new HashSet<>();
        while (at < limit) {
            int eol = text.indexOf('\n', at);
            int next = eol < 0 || eol > limit ? limit : eol;
            String line = text.substring(at, next > at && text.charAt(next - 1) == '\r' ? next - 1 : next);
            at = next + 1;
            if (requestLine == null) {
                if (line.isBlank()) {
                    continue;
                }
                requestLine = line.trim();
                if (requestLine.startsWith("SIP/")) {
                    return null;
                }
                int space = requestLine.lastIndexOf(' ');
                if (space < 0 || !requestLine.substring(space + 1).equalsIgnoreCase("SIP/2.0")) {
                    return "Bad Request - SIP version not supported";
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            String lower = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String mandatory = MANDATORY.get(lower);
            if (mandatory != null) {
                present.add(mandatory);
            }
            String name = SINGLE.get(lower);
            if (name != null && !seen.add(name)) {
                return "Bad " + name + " - header repeated";
            }
        }
        if (requestLine == null) {
            return null; // keep-alive CRLFs and empty datagrams are the RI's to ignore
        }
        for (String name : MANDATORY_ORDER) {
            if (!present.contains(name)) {
                return MISSING + name;
            }
        }
        return null;
    }

    /** "Bad CSeq" for the line "CSeq: 99999999999 REGISTER": the header's name, never the parser's words. */
    static String badHeader(String headerLine) {
        if (headerLine == null || headerLine.indexOf(':') <= 0) {
            return "Bad Request - malformed header";
        }
        String name = headerLine.substring(0, headerLine.indexOf(':')).trim();
        name = COMPACT.getOrDefault(name.toLowerCase(Locale.ROOT), name);
        return name.matches("[A-Za-z0-9!%*_+`'~.-]{1,40}") ? "Bad " + name : "Bad Request - malformed header";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "malformed message";
        }
        String folded = message.replaceAll("[\\p{Cntrl}]+", " ").replaceAll(" {2,}", " ").trim();
        return folded.length() > 80 ? folded.substring(0, 80) : folded;
    }
}
