package dev.locus.node.sip;

import dev.locus.registrar.sip.OptionsResponder;
import dev.locus.registrar.Registrar;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's one SIP listener: routes each request by method to the module that answers it. A request larger than
 * {@code sip.max_message_size} gets 513 and goes no further. An unexpected failure (a RuntimeException, or a
 * StackOverflowError) becomes a 500 and an ERROR log with the Call-ID; the node keeps serving.
 */
public final class SipDispatcher implements SipListener {

    private static final String KDMQ = "KDMQ";
    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    private final Registrar registrar;
    private final SipCounters counters;
    private final KdmqEndpoint dmq;
    private final TrunkEndpoint trunks;
    private final SourceScreen screen;
    /** A peer can send oversized messages at any rate: one line per 10 s says how many. */
    private final EventSummary oversized = new EventSummary(Duration.ofSeconds(10), System::nanoTime);

    /** @param screen asked about each request's source first (bans, flood counts of connection-borne requests) */
    public SipDispatcher(Registrar registrar, KdmqEndpoint dmq, TrunkEndpoint trunks, SourceScreen screen,
                         SipCounters counters) {
        this.screen = screen;
        this.registrar = registrar;
        this.trunks = trunks;
        this.dmq = dmq;
        this.counters = counters;
    }

    @Override
    public void processRequest(RequestEvent event) {
        long start = System.nanoTime();
        Request request = event.getRequest();
        Timer timer = counters.request(request.getMethod());
        try {
            handle(event, request);
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void handle(RequestEvent event, Request request) {
        SipProvider provider = (SipProvider) event.getSource();
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        MDC.put("callId", callId == null ? "-" : callId.getCallId());
        try {
            if (!screened(provider, request)) {
                return;
            }
            if (MessageSizeLimit.exceeded(request)) {
                long count = oversized.record();
                if (count > 0) {
                    log.warn("{} larger than sip.max_message_size refused{}", request.getMethod(), since(count));
                }
                if (!Request.ACK.equals(request.getMethod())) {
                    registrar.reply(provider, request, Response.MESSAGE_TOO_LARGE, "Message Too Large");
                }
                return;
            }
            if (dmq.owns(provider)) {
                if (KDMQ.equals(request.getMethod())) {
                    dmq.onRequest(request);
                } else if (!Request.ACK.equals(request.getMethod())) {
                    registrar.reply(provider, request, Response.FORBIDDEN, "Forbidden - only KDMQ on the DMQ port");
                }
                return;
            }
            switch (request.getMethod()) {
                case KDMQ -> registrar.reply(provider, request, Response.FORBIDDEN, "Forbidden - KDMQ only on the DMQ port");
                case Request.REGISTER -> registrar.register(provider, request);
                case Request.OPTIONS -> {
                    if (registrar.isOptionsForUs(request)) {
                        registrar.answerOptions(provider, request);
                    } else {
                        route(provider, event);
                    }
                }
                default -> route(provider, event);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A StackOverflowError is one request's doing (a pathological header); the thread's stack is unwound here.
            log.error("failed to handle {}", request.getMethod(), e);
            if (!Request.ACK.equals(request.getMethod())) {
                registrar.reply(provider, request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
            }
        } finally {
            MDC.remove("callId");
        }
    }

    /**
     * A banned source's request that reached this far (over TCP, or queued before its ban, or in 403 mode) is
     * dropped or answered 403 here; a TCP request is counted against the flood limit (UDP ones were on receipt).
     */
    private boolean screened(SipProvider provider, Request request) {
        MessageChannel channel = (MessageChannel) ((SIPRequest) request).getMessageChannel();
        if (channel == null) {
            return true;
        }
        InetAddress source = channel.getPeerPacketSourceAddress(); // UDP and TCP alike
        if (source == null) {
            return true; // the stack's loopback to itself
        }
        SourceScreen.Verdict verdict = screen.onRequest(source, "UDP".equalsIgnoreCase(channel.getTransport()));
        if (verdict == SourceScreen.Verdict.FORBID && !Request.ACK.equals(request.getMethod())) {
            registrar.reply(provider, request, Response.FORBIDDEN, "Forbidden");
        }
        return verdict == SourceScreen.Verdict.PASS;
    }

    /**
     * Everything else goes to the location service. A request from a carrier to a trunk's Contact
     * ({@code sip:l_uuid@...}) is for {@code l_username@l_domain}, as Kamailio's {@code uac_reg_lookup()} makes it;
     * a carrier's OPTIONS keepalive to the trunk is answered here.
     */
    private void route(SipProvider provider, RequestEvent event) {
        Request request = event.getRequest();
        Optional<String> trunkUser = Optional.empty();
        if (!Request.ACK.equals(request.getMethod()) && !Request.CANCEL.equals(request.getMethod())
                && request.getRequestURI() instanceof SipURI uri && uri.getUser() != null) {
            trunkUser = trunks.localTarget(uri.getUser());
        }
        if (trunkUser.isPresent() && Request.OPTIONS.equals(request.getMethod())) {
            registrar.reply(provider, request, Response.OK, "OK");
            return;
        }
        registrar.route(provider, request, Optional.ofNullable(event.getServerTransaction()), trunkUser);
    }

    private static String since(long count) {
        return count > 1 ? " (" + count + " oversized messages since the last such line)" : "";
    }

    @Override
    public void processResponse(ResponseEvent event) {
        CSeqHeader cseq = (CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME);
        counters.reply(event.getResponse().getStatusCode(), cseq == null ? null : cseq.getMethod());
        if (MessageSizeLimit.exceeded(event.getResponse())) {
            long count = oversized.record();
            if (count > 0) {
                log.warn("{} response larger than sip.max_message_size dropped{}", event.getResponse().getStatusCode(),
                        since(count));
            }
            return;
        }
        Optional<OwnedTransaction> owned = OwnedTransaction.of(event.getClientTransaction());
        if (owned.isPresent()) {
            owned.get().onResponse(event);
        } else if (dmq.owns((SipProvider) event.getSource())) {
            dmq.onResponse(event);
        } else if (!registrar.onResponse(event) && !trunks.onResponse(event)) {
            log.debug("stray response {} ignored", event.getResponse().getStatusCode());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        Optional<OwnedTransaction> owned = event.isServerTransaction() ? Optional.empty()
                : OwnedTransaction.of(event.getClientTransaction());
        if (owned.isPresent()) {
            owned.get().onTimeout(event);
        } else if (dmq.owns((SipProvider) event.getSource())) {
            dmq.onTimeout(event);
        } else if (!registrar.onTimeout(event)) {
            trunks.onTimeout(event);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.debug("I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // No server transactions are held for REGISTER or OPTIONS.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // The registrar makes no dialogs.
    }
}
