package dev.locus.node.sip.uac;

import gov.nist.javax.sip.header.HeaderFactoryImpl;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The headers parameter of {@code t_uac}: header lines separated by CRLF (a bare LF is taken too, and the last line
 * may lack its line end), continuation lines folded, up to the first empty line, as Kamailio's parser reads its
 * faked message. From, To, Call-ID and CSeq are kept apart, the first of each (Kamailio takes those from the block
 * and writes them itself); every other header stays, in order.
 */
record HeaderBlock(FromHeader from, ToHeader to, Optional<CallIdHeader> callId, Optional<CSeqHeader> cseq,
                   Optional<ContentTypeHeader> contentType, boolean contentLength, boolean maxForwards,
                   boolean userAgent, List<Header> others) {

    HeaderBlock {
        others = List.copyOf(others);
    }

    static HeaderBlock parse(String text, HeaderFactory factory) throws UacException {
        FromHeader from = null;
        ToHeader to = null;
        CallIdHeader callId = null;
        CSeqHeader cseq = null;
        ContentTypeHeader contentType = null;
        boolean contentLength = false;
        boolean maxForwards = false;
        boolean userAgent = false;
        List<Header> others = new ArrayList<>();
        for (String line : lines(text)) {
            for (Header h : parseLine(line, factory)) {
                if (h instanceof FromHeader f) {
                    from = from == null ? f : from;
                } else if (h instanceof ToHeader t) {
                    to = to == null ? t : to;
                } else if (h instanceof CallIdHeader c) {
                    callId = callId == null ? c : callId;
                } else if (h instanceof CSeqHeader c) {
                    cseq = cseq == null ? c : cseq;
                } else if (h instanceof ContentLengthHeader) {
                    // The length of what is sent is written by the stack, never taken from the caller.
                    contentLength = true;
                } else {
                    if (h instanceof ContentTypeHeader c && contentType == null) {
                        contentType = c;
                    }
                    maxForwards |= h instanceof MaxForwardsHeader;
                    userAgent |= h instanceof UserAgentHeader;
                    others.add(h);
                }
            }
        }
        if (to == null) {
            throw new UacException(UacException.Reason.NO_TO, "no To header");
        }
        if (from == null) {
            throw new UacException(UacException.Reason.NO_FROM, "no From header");
        }
        return new HeaderBlock(from, to, Optional.ofNullable(callId), Optional.ofNullable(cseq),
                Optional.ofNullable(contentType), contentLength, maxForwards, userAgent, others);
    }

    /** Logical header lines: folded, up to the first empty line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static List<Header> parseLine(String line, HeaderFactory factory) throws UacException {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
        if (name.isEmpty() || !name.chars().allMatch(HeaderBlock::isTokenChar)) {
            throw new UacException(UacException.Reason.BAD_HEADERS, "not a header line: " + shown(line));
        }
        try {
            try {
                return List.of(((HeaderFactoryImpl) factory).createHeader(line));
            } catch (ParseException e) {
                // Route, Record-Route, Via... with several values on one line: the RI makes a list of them.
                if (e.getMessage() != null && e.getMessage().startsWith("Only singleton allowed")) {
                    return ((HeaderFactoryImpl) factory).createHeaders(line);
                }
                throw e;
            }
        } catch (ParseException | RuntimeException e) {
            UacException.Reason reason = switch (name) {
                case "from", "f" -> UacException.Reason.BAD_FROM;
                case "cseq" -> UacException.Reason.BAD_CSEQ;
                default -> UacException.Reason.BAD_HEADERS;
            };
            throw new UacException(reason, "cannot parse " + shown(line));
        }
    }

    private static boolean isTokenChar(int c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static String shown(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }
}
