package dev.locus.registrar.sip;

import dev.locus.registrar.Binding;
import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.auth.DigestRole;
import dev.locus.registrar.registration.ContactValues;
import dev.locus.registrar.registration.RegistrationError;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sip.SipException;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds every response the registrar sends, statelessly: the one place where a {@link RegistrationError}
 * becomes a status line. The To tag is derived from the request, so a retransmission gets the same tag.
 */
public final class Replies {

    /** RFC 3261 §20.17 SIP-date (RFC 1123 with two-digit days, always GMT). */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** What follows the node's tag prefix in a To tag: a stateless reply's, or a server transaction's. */
    private static final char STATELESS = '.';
    private static final char TRANSACTION = '-';

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final String server;
    private final String tagPrefix;
    private final UnsentReplies unsent = new UnsentReplies(System::nanoTime);
    private final StatelessReplyStats stats;

    /** @param meters where the sl counts are kept ({@code locus.sl.*}) */
    public Replies(MessageFactory messages, HeaderFactory headers, String server, MeterRegistry meters) {
        this.stats = new StatelessReplyStats(meters);
        this.messages = messages;
        this.headers = headers;
        this.server = server;
        this.tagPrefix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000_0000, Integer.MAX_VALUE));
    }

    /**
     * 200 OK listing every current binding with its remaining expiry, plus Date, and Path when it is echoed.
     * These headers are only ever written, never read back, so they go out as text instead of being parsed
     * into header objects first: the parse was a fifth of the cost of a REGISTER.
     */
    public Response ok(Request request, List<Binding> bindings, long nowSeconds, List<String> pathEcho) {
        Response response = plain(request, Response.OK, "OK");
        for (Binding b : bindings) {
            response.addHeader(text("Contact", ContactValues.value(b, nowSeconds)));
        }
        for (String path : pathEcho) {
            response.addHeader(text("Path", path));
        }
        response.addHeader(text("Date", DATE.format(Instant.ofEpochSecond(nowSeconds))));
        return response;
    }

    private static Header text(String name, String value) {
        ExtensionHeaderImpl header = new ExtensionHeaderImpl(name);
        header.setValue(value);
        return header;
    }

    /** Hazelcast drops a silent member after 10 s (hazelcast.max.no.heartbeat.seconds); its partitions move on. */
    static final int STORE_RETRY_AFTER_SECONDS = 10;

    public Response reject(Request request, RegistrationError error, List<String> unsupported, long minExpires) {
        Response response = plain(request, error.status(), error.reason());
        error.kamailioText().ifPresent(text -> response.addHeader(text("P-Registrar-Error", text)));
        try {
            if (error == RegistrationError.INTERVAL_TOO_BRIEF) {
                response.addHeader(headers.createMinExpiresHeader((int) Math.min(Integer.MAX_VALUE, minExpires)));
            }
            if (error == RegistrationError.STORE_FAILED) {
                // By then the cluster has dropped an unreachable member and another owns the AOR (README: cluster).
                response.addHeader(headers.createRetryAfterHeader(STORE_RETRY_AFTER_SECONDS));
            }
            for (String option : unsupported) {
                response.addHeader(headers.createUnsupportedHeader(option));
            }
        } catch (javax.sip.InvalidArgumentException | ParseException e) {
            throw new IllegalStateException("cannot build a " + error.status() + " response", e);
        }
        return response;
    }

    /** A 5xx telling the UA when to try again. */
    public Response retryLater(Request request, int status, String reason, int seconds) {
        Response response = plain(request, status, reason);
        try {
            response.addHeader(headers.createRetryAfterHeader(seconds));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
        return response;
    }

    /** 401 with one WWW-Authenticate, or 407 with one Proxy-Authenticate, per offered algorithm. */
    public Response challenge(Request request, DigestRole role, List<String> challenges) {
        Response response = plain(request, role.status(), role.reason());
        for (String value : challenges) {
            response.addHeader(text(role.challengeHeader(), value));
        }
        return response;
    }

    /**
     * Sends statelessly. A failure is logged (rate-limited), not thrown: the UA retransmits, and the next copy gets
     * the same answer.
     */
    public void send(SipProvider provider, Response response) {
        try {
            forgetPending(provider, response);
            provider.sendResponse(response);
            stats.sent(response.getStatusCode());
        } catch (SipException | RuntimeException e) {
            stats.failed();
            unsent.report(response.getStatusCode(), e);
        }
    }

    /**
     * Whether an ACK (To tag {@code toTag}) acknowledges a reply this node sent statelessly: then it goes no further
     * and is counted, as Kamailio's sl module filters ACKs to its own replies by their To tag.
     */
    public boolean absorbAck(String toTag) {
        if (toTag.startsWith(tagPrefix) && toTag.length() > tagPrefix.length()
                && toTag.charAt(tagPrefix.length()) == STATELESS) {
            stats.ackAbsorbed();
            return true;
        }
        return false;
    }

    /** Replies sent by {@link #send} since start, in Kamailio's sl buckets. */
    public StatelessReplyFigures figures() {
        return stats.figures();
    }

    /**
     * The RI keeps a request "pending" until our listener returns and drops a retransmission of it meanwhile, so a
     * UA that retransmits the moment the answer reaches it, before the listener has returned, would be ignored.
     * Once answered, the request is no longer pending: a retransmission gets the same answer again.
     */
    private static void forgetPending(SipProvider provider, Response response) {
        if (provider.getSipStack() instanceof SIPTransactionStack stack && response instanceof SIPResponse sip) {
            SIPServerTransaction pending = stack.findPendingTransaction(sip.getTransactionId());
            if (pending != null) {
                stack.removePendingTransaction(pending);
            }
        }
    }

    /** A response with only the mandatory headers, a To tag and Server, to be sent by {@link #send}. */
    public Response plain(Request request, int status, String reason) {
        return plain(request, status, reason, STATELESS);
    }

    /**
     * Like {@link #plain}, for a server transaction to send: its To tag differs from a stateless reply's (as Kamailio's
     * tm and sl tags do), so the ACK the transaction absorbs is never taken for one to a stateless reply.
     */
    public Response onTransaction(Request request, int status, String reason) {
        return plain(request, status, reason, TRANSACTION);
    }

    private Response plain(Request request, int status, String reason, char kind) {
        try {
            Response response = messages.createResponse(status, request);
            response.setReasonPhrase(reason);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to != null && to.getTag() == null) {
                to.setTag(toTag(request, kind));
            }
            response.addHeader(text("Server", server));
            return response;
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
    }

    private String toTag(Request request, char kind) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        int h = 17;
        h = 31 * h + (callId == null ? 0 : callId.getCallId().hashCode());
        h = 31 * h + (from == null || from.getTag() == null ? 0 : from.getTag().hashCode());
        h = 31 * h + (cseq == null ? 0 : Long.hashCode(cseq.getSeqNumber()));
        return tagPrefix + kind + Integer.toHexString(h);
    }
}
