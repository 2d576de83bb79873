package dev.locus.node.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.text.ParseException;

/**
 * The RI answers a request with a broken mandatory header with a 400 whose reason phrase is the parser's
 * message, which quotes the bad header line, CRLF included: a response that itself breaks SIP. This parser keeps
 * the RI's behaviour but folds such messages onto one printable line. It also measures every message against
 * {@code sip.max_message_size} ({@link MessageSizeLimit}). Instantiated by the RI by class name.
 */
public final class SanitizingParserFactory implements MessageParserFactory {

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
        try {
            SIPMessage message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            if (message != null) {
                // The RI parses a datagram with its body, and a TCP message's headers before reading its body.
                MessageSizeLimit.measure(message, bytes, readBody, limit);
            }
            return message;
        } catch (ParseException e) {
            ParseException clean = new ParseException(oneLine(e.getMessage()), e.getErrorOffset());
            clean.initCause(e);
            throw clean;
        }
    }

    static String oneLine(String message) {
        if (message == null) {
            return "malformed message";
        }
        String folded = message.replaceAll("[\\p{Cntrl}]+", " ").replaceAll(" {2,}", " ").trim();
        return folded.length() > 80 ? folded.substring(0, 80) : folded;
    }
}
