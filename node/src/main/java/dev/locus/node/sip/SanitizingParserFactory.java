package dev.locus.node.sip;

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
 * the RI's behaviour but folds such messages onto one printable line. Instantiated by the RI by class name.
 */
public final class SanitizingParserFactory implements MessageParserFactory {

    public SanitizingParserFactory() {
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        StringMsgParser parser = new StringMsgParser();
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener);
    }

    private static SIPMessage parse(StringMsgParser parser, byte[] bytes, boolean readBody, boolean strict,
                                    ParseExceptionListener listener) throws ParseException {
        try {
            return parser.parseSIPMessage(bytes, readBody, strict, listener);
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
