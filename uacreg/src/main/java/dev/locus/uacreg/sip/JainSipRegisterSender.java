package dev.locus.uacreg.sip;

import dev.locus.uacreg.registration.OutgoingRegister;
import dev.locus.uacreg.registration.RegisterReply;
import dev.locus.uacreg.registration.RegisterSender;
import gov.nist.javax.sip.header.SIPHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends trunk REGISTERs as client transactions of the node's stack (so UDP retransmissions are the stack's), from
 * the row's socket or the default one, to the row's auth_proxy. A transaction with no final reply within the
 * timeout ends as a local 408, like tm's in Kamailio, so no trunk ever stays "in progress".
 */
public final class JainSipRegisterSender implements RegisterSender {

    private static final Logger log = LoggerFactory.getLogger(JainSipRegisterSender.class);

    private final Function<String, Optional<SipProvider>> providers;
    private final TrunkHops router;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final String userAgent;
    private final Map<ClientTransaction, CompletableFuture<RegisterReply>> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder sent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder timeouts = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param providers from a socket ({@code proto:host:port}, or empty for the default) to the provider
     *                  listening there
     */
    public JainSipRegisterSender(Function<String, Optional<SipProvider>> providers, TrunkHops router,
                                 MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                                 Duration timeout, ScheduledExecutorService timer, String userAgent) {
        this.providers = providers;
        this.router = router;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.timeout = timeout;
        this.timer = timer;
        this.userAgent = userAgent;
    }

    @Override
    public CompletableFuture<RegisterReply> send(OutgoingRegister register) {
        CompletableFuture<RegisterReply> result = new CompletableFuture<>();
        Optional<SipProvider> provider = providers.apply(register.socket());
        if (provider.isEmpty()) {
            result.complete(RegisterReply.local(500, "no local socket " + register.socket()));
            return result;
        }
        try {
            URI proxy = addresses.createURI(register.nextHop());
            if (!(proxy instanceof SipURI next)) {
                result.complete(RegisterReply.local(500, "auth_proxy is not a SIP URI: " + register.nextHop()));
                return result;
            }
            String transport = transport(register.socket(), next);
            ListeningPoint local = provider.get().getListeningPoint(transport);
            if (local == null) {
                result.complete(RegisterReply.local(500, "no " + transport + " listener on " + register.socket()));
                return result;
            }
            Request request = request(register, local, transport);
            router.route(register.callId(), next.getHost(), next.getPort() > 0 ? next.getPort() : 5060, transport);
            ClientTransaction transaction = provider.get().getNewClientTransaction(request);
            pending.put(transaction, result);
            transaction.sendRequest();
            sent.increment();
            timer.schedule(() -> {
                if (pending.remove(transaction) != null) {
                    timeouts.increment();
                    result.complete(RegisterReply.timeout());
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("cannot send REGISTER of trunk {}: {}", register.lUuid(), e.toString());
            result.complete(RegisterReply.local(500, "cannot send: " + e.getMessage()));
        }
        return result;
    }

    /** REGISTER transactions started (the stack's UDP retransmissions not counted). */
    public long sentCount() {
        return sent.sum();
    }

    /** Transactions that ended without a final reply. */
    public long timeoutCount() {
        return timeouts.sum();
    }

    @Override
    public void forget(String callId) {
        router.forget(callId);
    }

    private static String transport(String socket, SipURI next) {
        if (!socket.isEmpty()) {
            return socket.substring(0, socket.indexOf(':')).toLowerCase(Locale.ROOT);
        }
        String t = next.getTransportParam();
        return t == null ? "udp" : t.toLowerCase(Locale.ROOT);
    }

    private Request request(OutgoingRegister r, ListeningPoint local, String transport) throws Exception {
        Request request = messages.createRequest(addresses.createURI(r.requestUri()), Request.REGISTER,
                headers.createCallIdHeader(r.callId()), headers.createCSeqHeader(r.cseq(), Request.REGISTER),
                headers.createFromHeader(addresses.createAddress(r.aor()), r.fromTag()),
                headers.createToHeader(addresses.createAddress(r.aor()), null),
                List.of(headers.createViaHeader(local.getIPAddress(), local.getPort(), transport, null)),
                headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createUserAgentHeader(List.of(userAgent)));
        for (OutgoingRegister.ContactEntry c : r.contacts()) {
            ContactHeader contact = headers.createContactHeader(addresses.createAddress(c.uri()));
            if (c.expires() >= 0) {
                contact.setExpires(c.expires());
            }
            request.addHeader(contact);
        }
        request.addHeader(headers.createExpiresHeader(r.expires()));
        if (r.authorization().present()) {
            request.addHeader(headers.createHeader(r.authorization().name(), r.authorization().value()));
        }
        return request;
    }

    /** The stack's listener hands every response to a trunk REGISTER here. */
    public boolean onResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null || !pending.containsKey(transaction)) {
            return false;
        }
        Response response = event.getResponse();
        if (response.getStatusCode() < 200) {
            return true;
        }
        CompletableFuture<RegisterReply> result = pending.remove(transaction);
        if (result != null) {
            result.complete(reply(response));
        }
        return true;
    }

    public boolean onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return false;
        }
        CompletableFuture<RegisterReply> result = pending.remove(event.getClientTransaction());
        if (result == null) {
            return false;
        }
        timeouts.increment();
        result.complete(RegisterReply.timeout());
        return true;
    }

    static RegisterReply reply(Response response) {
        List<RegisterReply.BoundContact> contacts = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(ContactHeader.NAME);
        while (it.hasNext()) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress() != null && c.getAddress().getURI() instanceof SipURI uri) {
                String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
                contacts.add(new RegisterReply.BoundContact(uri.getUser() == null ? "" : uri.getUser(),
                        hostPort.toLowerCase(Locale.ROOT), c.getExpires()));
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        RetryAfterHeader retry = (RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME);
        return new RegisterReply(response.getStatusCode(), response.getReasonPhrase(), contacts,
                expires == null ? -1 : expires.getExpires(), min == null ? -1 : min.getExpires(),
                retry == null ? -1 : retry.getRetryAfter(), value(response.getHeader("WWW-Authenticate")),
                value(response.getHeader("Proxy-Authenticate")));
    }

    private static String value(Header header) {
        if (header == null) {
            return "";
        }
        if (header instanceof SIPHeader sip) {
            return sip.getHeaderValue();
        }
        String s = header.toString();
        return s.substring(s.indexOf(':') + 1).trim();
    }
}
