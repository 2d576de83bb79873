package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;
import gov.nist.javax.sip.Utils;

import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the request of a {@link UacRequest} as tm's {@code t_uac} does: From and To from the headers given (a From
 * tag made when there is none), their Call-ID and CSeq when given (the CSeq's method must be the request's), else a
 * new Call-ID and CSeq 10; a Via of the sending socket with a new branch; {@code Max-Forwards: 70} unless given;
 * Content-Length always computed (a body needs a Content-Type, and must not come with a Content-Length of its own);
 * {@code !!} in the headers replaced by the socket's {@code address:port}; User-Agent unless given.
 */
final class UacRequestBuilder {

    /** tm's DEFAULT_CSEQ. */
    static final long DEFAULT_CSEQ = 10;
    /** Methods that need a dialog or an INVITE transaction to send properly. */
    private static final Set<String> UNSUPPORTED = Set.of(Request.INVITE, Request.ACK, Request.CANCEL);

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String userAgent;

    UacRequestBuilder(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, String userAgent) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.userAgent = userAgent;
    }

    static String method(String method) throws UacException {
        if (method.isEmpty()) {
            throw new UacException(UacException.Reason.EMPTY_METHOD, "empty method");
        }
        if (!method.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-.!%*_+`'~".indexOf(c) >= 0)) {
            throw new UacException(UacException.Reason.BAD_METHOD, method);
        }
        if (UNSUPPORTED.contains(method.toUpperCase(Locale.ROOT))) {
            throw new UacException(UacException.Reason.UNSUPPORTED_METHOD, method);
        }
        return method;
    }

    /** A sip: or sips: URI, else the reason given. */
    SipURI sipUri(String text, UacException.Reason otherwise) throws UacException {
        try {
            URI uri = addresses.createURI(text);
            if (uri instanceof SipURI sip && sip.getHost() != null && !sip.getHost().isEmpty()) {
                return sip;
            }
        } catch (ParseException | RuntimeException e) {
            // refused below, as anything that is not a SIP URI
        }
        throw new UacException(otherwise, text);
    }

    /** @param socket where the request is sent from: its Via, and the {@code !!} of the headers */
    Request build(String method, SipURI requestUri, SocketSpec socket, String headerText, String body)
            throws UacException {
        HeaderBlock block = HeaderBlock.parse(headerText.replace("!!", hostPort(socket)), headers);
        if (!body.isEmpty() && block.contentType().isEmpty()) {
            throw new UacException(UacException.Reason.NO_CONTENT_TYPE, "a body needs a Content-Type");
        }
        if (!body.isEmpty() && block.contentLength()) {
            throw new UacException(UacException.Reason.CONTENT_LENGTH_WITH_BODY, "Content-Length is computed");
        }
        if (block.cseq().isPresent() && !block.cseq().get().getMethod().equals(method)) {
            throw new UacException(UacException.Reason.CSEQ_METHOD_MISMATCH, block.cseq().get().getMethod());
        }
        try {
            FromHeader from = block.from();
            if (from.getTag() == null || from.getTag().isEmpty()) {
                from.setTag(Utils.getInstance().generateTag());
            }
            CallIdHeader callId = block.callId().isPresent() ? block.callId().get()
                    : headers.createCallIdHeader(Utils.getInstance().generateCallIdentifier(socket.host()));
            CSeqHeader cseq = block.cseq().isPresent() ? block.cseq().get()
                    : headers.createCSeqHeader(DEFAULT_CSEQ, method);
            ViaHeader via = headers.createViaHeader(socket.host(), socket.port(), socket.transport(),
                    Utils.getInstance().generateBranchId());
            Request request = messages.createRequest(requestUri, method, callId, cseq, from, block.to(), List.of(via),
                    headers.createMaxForwardsHeader(70));
            // tm's order: Via, To, From, CSeq, Call-ID, Max-Forwards, then the caller's (the RI writes
            // Content-Length last). Headers are written in the order they were attached.
            for (String name : List.of("To", "From", "CSeq", "Call-ID", "Max-Forwards")) {
                Header h = request.getHeader(name);
                request.removeHeader(name);
                if (!(block.maxForwards() && name.equals("Max-Forwards"))) {
                    request.addLast(h);
                }
            }
            if (!block.userAgent()) {
                request.addLast(headers.createUserAgentHeader(List.of(userAgent)));
            }
            for (Header h : block.others()) {
                request.addLast(h);
            }
            if (!body.isEmpty()) {
                request.setContent(body.getBytes(StandardCharsets.UTF_8), block.contentType().get());
            } else {
                request.setContentLength(headers.createContentLengthHeader(0));
            }
            return request;
        } catch (ParseException | javax.sip.InvalidArgumentException | javax.sip.SipException | RuntimeException e) {
            throw new UacException(UacException.Reason.BAD_HEADERS, "cannot build the request: " + e.getMessage());
        }
    }

    private static String hostPort(SocketSpec socket) {
        String host = socket.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + socket.port();
    }
}
