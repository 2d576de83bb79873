package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;
import dev.locus.node.sip.OwnedTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Sends {@link UacRequest}s as client transactions of the node's stack (retransmissions are the stack's) and
 * completes each with its final reply; none within {@code frTimer} (or the stack's own timeout, whichever comes
 * first) is a local 408 and ends the transaction, as tm's {@code fr_timer} does. Where a request goes: its next hop
 * when given; this node's own socket when its Request-URI names this node ({@link LocalTargets}); else where its
 * Request-URI says. At most {@code maxTransactions} wait for their final reply at once.
 */
public final class UacSender {

    private static final Logger log = LoggerFactory.getLogger(UacSender.class);

    private final Function<String, Optional<SipProvider>> providers;
    private final List<SocketSpec> listen;
    private final UacRequestBuilder builder;
    private final UacHops hops;
    private final LocalTargets local;
    private final Duration frTimer;
    private final int maxTransactions;
    private final ScheduledExecutorService timer;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder replies = new LongAdder();

    /**
     * @param providers from a socket ({@code proto:host:port}, or empty for the first) to its provider
     * @param listen    the node's SIP sockets, which the socket parameter names
     */
    public UacSender(Function<String, Optional<SipProvider>> providers, List<SocketSpec> listen,
                     javax.sip.message.MessageFactory messages, javax.sip.header.HeaderFactory headers,
                     javax.sip.address.AddressFactory addresses, String userAgent, UacHops hops, LocalTargets local,
                     Duration frTimer, int maxTransactions, ScheduledExecutorService timer) {
        this.providers = providers;
        this.listen = List.copyOf(listen);
        this.builder = new UacRequestBuilder(messages, headers, addresses, userAgent);
        this.hops = hops;
        this.local = local;
        this.frTimer = frTimer;
        this.maxTransactions = maxTransactions;
        this.timer = timer;
    }

    /**
     * Sends the request now.
     *
     * @return its final reply, to come
     * @throws UacException when the request is not sent at all (bad parameters, no socket, too many waiting)
     */
    public CompletableFuture<UacReply> send(UacRequest r) throws UacException {
        String method = UacRequestBuilder.method(r.method());
        SipURI requestUri = builder.sipUri(r.requestUri(), UacException.Reason.BAD_REQUEST_URI);
        Optional<SipURI> nextHop = UacRequest.none(r.nextHop()) ? Optional.empty()
                : Optional.of(builder.sipUri(r.nextHop(), UacException.Reason.BAD_NEXT_HOP));
        Optional<SocketSpec> socket = SendSocket.find(r.socket(), listen);
        String transport = socket.map(SocketSpec::transport)
                .orElseGet(() -> transport(nextHop.orElse(requestUri)));
        SipProvider provider = providers.apply(socket.map(SocketSpec::toString).orElse(""))
                .orElseThrow(() -> new UacException(UacException.Reason.NO_SUCH_SOCKET, r.socket()));
        ListeningPoint point = provider.getListeningPoint(transport);
        if (point == null) {
            throw new UacException(UacException.Reason.CANNOT_SEND, "no " + transport + " socket to send from");
        }
        Request request = builder.build(method, requestUri,
                new SocketSpec(transport, point.getIPAddress(), point.getPort()), r.headers(), r.body());
        if (outstanding.incrementAndGet() > maxTransactions) {
            outstanding.decrementAndGet();
            throw new UacException(UacException.Reason.TOO_MANY_TRANSACTIONS, Integer.toString(maxTransactions));
        }
        String branch = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
        if (nextHop.isPresent()) {
            SipURI hop = nextHop.get();
            hops.route(branch, hop.getHost(), hop.getPort() > 0 ? hop.getPort() : 5060, transport);
        } else if (local.isOurs(requestUri)) {
            hops.route(branch, point.getIPAddress(), point.getPort(), transport);
        }
        Pending pending = new Pending(branch);
        try {
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            transaction.setApplicationData(pending);
            pending.transaction = transaction;
            transaction.sendRequest();
            started.increment();
        } catch (Exception e) {
            pending.finish(null);
            log.debug("cannot send {} to {}: {}", method, r.requestUri(), e.toString());
            throw new UacException(UacException.Reason.CANNOT_SEND, String.valueOf(e.getMessage()));
        }
        pending.timeout = timer.schedule(pending::expire, frTimer.toMillis(), TimeUnit.MILLISECONDS);
        if (pending.finished.get()) {
            pending.timeout.cancel(false); // answered before its timer was set
        }
        return pending.reply;
    }

    /** Requests waiting for their final reply now. */
    public int outstanding() {
        return outstanding.get();
    }

    public UacFigures figures() {
        return new UacFigures(started.sum(), ended.sum(), replies.sum());
    }

    private static String transport(SipURI uri) {
        String t = uri.getTransportParam();
        return t == null ? "udp" : t.toLowerCase(Locale.ROOT);
    }

    /** One request waiting for its final reply: the dispatcher hands its responses and timeout here. */
    private final class Pending implements OwnedTransaction {

        private final CompletableFuture<UacReply> reply = new CompletableFuture<>();
        private final AtomicBoolean finished = new AtomicBoolean();
        private final String branch;
        private volatile ClientTransaction transaction;
        private volatile ScheduledFuture<?> timeout;

        private Pending(String branch) {
            this.branch = branch;
        }

        @Override
        public void onResponse(ResponseEvent event) {
            replies.increment();
            if (event.getResponse().getStatusCode() >= 200) {
                finish(UacReplies.of(event.getResponse()));
            }
        }

        @Override
        public void onTimeout(TimeoutEvent event) {
            finish(UacReply.timeout());
        }

        /** fr_timer: the local 408, and the transaction ends (no more retransmissions). */
        private void expire() {
            if (finish(UacReply.timeout()) && transaction != null) {
                try {
                    transaction.terminate();
                } catch (ObjectInUseException e) {
                    log.debug("cannot end the transaction of {}: {}", branch, e.getMessage());
                }
            }
        }

        /**
         * Once only: the slot and the hop are freed before the reply is handed on, so whoever reads it may send again.
         *
         * @param result null when the request was never sent
         */
        private boolean finish(UacReply result) {
            if (!finished.compareAndSet(false, true)) {
                return false;
            }
            outstanding.decrementAndGet();
            hops.forget(branch);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
            if (result != null) {
                ended.increment();
                reply.complete(result);
            }
            return true;
        }
    }
}
