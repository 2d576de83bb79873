package dev.locus.registrar.proxy;

import dev.locus.registrar.Binding;
import dev.locus.registrar.ProxyConfig;
import dev.locus.registrar.location.AddressOfRecord;
import dev.locus.registrar.location.LocationStore;
import dev.locus.registrar.sip.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.ListeningPoint;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The location service (RFC 3261 §16 on the RI's transactions), in the order Kamailio's default configuration
 * runs it: Max-Forwards (483), loops (482), in-dialog requests by loose routing (404 when there is no Route of
 * ours), initial requests from our users authorized ({@link ProxyAuthentication}: 407 with a database), initial
 * requests for served domains looked up in usrloc and forked ({@code lookup} + {@code t_relay}), the rest refused
 * with 403 unless an outbound proxy is set.
 */
public final class LocationProxy {

    private static final Logger log = LoggerFactory.getLogger(LocationProxy.class);
    /** Application data of the client transactions that carry our CANCELs: their answers end here. */
    static final Object CANCEL_SENT = new Object();
    private static final Set<String> DIALOG_CREATING = Set.of(Request.INVITE, Request.SUBSCRIBE, Request.REFER,
            Request.NOTIFY);
    private static final String ALIAS = "alias";
    private static final long LOOKUP_TIMEOUT_SECONDS = 5;

    private final LocationStore store;
    private final boolean useDomain;
    private final Predicate<String> servesHost;
    private final Predicate<String> isMemberAddress;
    private final LocalSockets sockets;
    private final TargetFinder finder;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final Replies replies;
    private final ProxyConfig config;
    private final ProxyAuthentication authentication;
    private final ScheduledExecutorService timer;
    private final InstantSource clock;
    private final NextHops hops = new NextHops();
    private final LoopDetection loops = new LoopDetection();
    private final ProxyStats stats = new ProxyStats();
    private final ConcurrentHashMap<String, ProxyCall> invites = new ConcurrentHashMap<>();

    /**
     * @param servesHost      whether a Request-URI host is one this node answers for (a served domain or its own
     *                        address)
     * @param isMemberAddress whether an address is a Locus member's: its relayed requests may carry a flow to use
     * @param providers       the node's SIP providers (not the DMQ one)
     */
    public LocationProxy(LocationStore store, boolean useDomain, Predicate<String> servesHost,
                         Predicate<String> isMemberAddress, List<SipProvider> providers, HeaderFactory headers,
                         AddressFactory addresses, Replies replies, ProxyConfig config,
                         ProxyAuthentication authentication, ScheduledExecutorService timer, InstantSource clock) {
        this.store = store;
        this.useDomain = useDomain;
        this.servesHost = servesHost;
        this.isMemberAddress = isMemberAddress;
        this.sockets = new LocalSockets(providers);
        this.finder = new TargetFinder(sockets::isOurs, isMemberAddress);
        this.headers = headers;
        this.addresses = addresses;
        this.replies = replies;
        this.config = config;
        this.authentication = authentication;
        this.timer = timer;
        this.clock = clock;
    }

    /**
     * A request that is not REGISTER, KDMQ or OPTIONS to the node itself.
     *
     * @param mappedAor the AOR the request is for when its Request-URI is a trunk's contact
     *                  ({@code sip:l_username@l_domain}), else empty
     */
    public void handle(SipProvider provider, Request request, Optional<ServerTransaction> existing,
                       Optional<String> mappedAor) {
        String method = request.getMethod();
        if (Request.CANCEL.equals(method)) {
            cancel(provider, request, existing);
            return;
        }
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        boolean inDialog = toTag != null;
        if (Request.ACK.equals(method)) {
            if (inDialog && replies.absorbAck(toTag)) {
                return; // for a refusal sent statelessly: it ends here (Kamailio's sl_filter_ACK)
            }
            // An ACK for a 2xx follows the route set; an ACK for our own non-2xx answer ends here.
            if (inDialog) {
                Request ack = (Request) request.clone();
                Optional<Destination> destination = looseRoute(ack, provider, request);
                if (destination != null || ack.getHeader(RouteHeader.NAME) != null) {
                    forwardStateless(provider, request, ack, destination == null ? Optional.empty() : destination);
                }
            }
            return;
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards != null && maxForwards.getMaxForwards() <= 0) {
            refuse(provider, request, Response.TOO_MANY_HOPS, "Too Many Hops");
            return;
        }
        if (loops.looped(request, sockets)) {
            refuse(provider, request, Response.LOOP_DETECTED, "Loop Detected");
            return;
        }
        Request working = (Request) request.clone();
        Optional<Destination> routed = looseRoute(working, provider, request);
        if (inDialog) {
            // Kamailio's loose_route(): a Route that is not ours is followed as it is; no Route at all is 404.
            if (routed == null && working.getHeader(RouteHeader.NAME) == null) {
                refuse(provider, request, Response.NOT_FOUND, "Not Here");
                return;
            }
            proxy(provider, request, existing, working,
                    List.of(single(working, routed == null ? Optional.empty() : routed)), false);
            return;
        }
        if (routed != null && fromMember(request)) {
            // Relayed by the member that looked the AOR up: delivered as it asks, over this node's flow.
            proxy(provider, request, existing, working, List.of(single(working, routed)), DIALOG_CREATING.contains(method));
            return;
        }
        if (working.getHeader(RouteHeader.NAME) != null) {
            // Kamailio's default policy: an initial request may not carry a route past this node.
            refuse(provider, request, Response.FORBIDDEN, "Preload Route denied");
            return;
        }
        if (!(working.getRequestURI() instanceof SipURI)) {
            refuse(provider, request, Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme");
            return;
        }
        if (mappedAor.isEmpty() && fromOurDomain(request) && !fromMember(request)) {
            // Kamailio's default policy: our users authenticate (ACK and CANCEL never get here); callers from
            // elsewhere may reach our users without. A carrier's call to a trunk's contact is not one of our users'
            // (it cannot answer a challenge for them), whatever its From says.
            authentication.authorize(provider, request, working,
                    () -> initial(provider, request, existing, working, mappedAor));
        } else {
            initial(provider, request, existing, working, mappedAor);
        }
    }

    /** An out-of-dialog request that may go on: for a served domain, looked up and forked; else relayed or 403. */
    private void initial(SipProvider provider, Request request, Optional<ServerTransaction> existing, Request working,
                         Optional<String> mappedAor) {
        String method = request.getMethod();
        SipURI uri = (SipURI) working.getRequestURI();
        String aor;
        if (mappedAor.isPresent()) {
            aor = AddressOfRecord.normalise(mappedAor.get(), useDomain);
        } else if (servesHost.test(uri.getHost().toLowerCase(Locale.ROOT))) {
            if (uri.getUser() == null || uri.getUser().isEmpty()) {
                refuse(provider, request, Response.NOT_FOUND, "Not Found");
                return;
            }
            aor = AddressOfRecord.key(uri.getUser(), stripBrackets(uri.getHost()), useDomain);
        } else if (!config.outbound().isEmpty()) {
            proxy(provider, request, existing, working, List.of(new Target(working.getRequestURI().toString(),
                    List.of("<" + config.outbound() + ";lr>"), Optional.empty(), "", Binding.NO_Q, "", false)),
                    DIALOG_CREATING.contains(method));
            return;
        } else {
            refuse(provider, request, Response.FORBIDDEN, "Relaying Forbidden");
            return;
        }
        List<Binding> bindings;
        try {
            // Bounded, as a REGISTER's store call is: a member that does not answer costs 5 s, not a SIP thread.
            bindings = store.lookupAsync(aor, clock.instant().getEpochSecond()).toCompletableFuture()
                    .get(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replies.send(provider, replies.retryLater(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error", 5));
            return;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("{} for {}: location store unavailable: {}", method, aor, e.toString());
            replies.send(provider, replies.retryLater(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error", 5));
            return;
        }
        Lookup found = finder.find(bindings, method);
        if (!found.isFound()) {
            log.debug("{} for {}: {} {}", method, aor, found.status(), found.reason());
            refuse(provider, request, found.status(), found.reason());
            return;
        }
        proxy(provider, request, existing, working, found.targets(), DIALOG_CREATING.contains(method));
    }

    /** A response on one of the proxy's client transactions, or a 2xx retransmission after it ended. */
    public boolean onResponse(ResponseEvent event) {
        ClientTransaction ct = event.getClientTransaction();
        Object data = ct == null ? null : ct.getApplicationData();
        if (data instanceof ProxyCall.BranchRef ref) {
            ref.call().onResponse(ref.index(), event.getResponse());
            return true;
        }
        if (data == CANCEL_SENT) {
            stats.received();
            return true;
        }
        Response response = event.getResponse();
        ViaHeader top = (ViaHeader) response.getHeader(ViaHeader.NAME);
        if (top == null || top.getBranch() == null || !top.getBranch().startsWith(LoopDetection.PREFIX)
                || !sockets.isOurs(top.getHost(), top.getPort())) {
            return false;
        }
        int code = response.getStatusCode();
        if (code >= 200 && code < 300) {
            sendStateless((SipProvider) event.getSource(), upstream(response, null));
        }
        return true;
    }

    public boolean onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return false;
        }
        Object data = event.getClientTransaction().getApplicationData();
        if (data instanceof ProxyCall.BranchRef ref) {
            ref.call().onTimeout(ref.index());
            return true;
        }
        return data == CANCEL_SENT;
    }

    /** The stack's router asks here first: a branch sent to a received address or a flow. */
    public Optional<Hop> nextHop(Request request) {
        return hops.of(request);
    }

    public ProxyStats stats() {
        return stats;
    }

    ProxyConfig config() {
        return config;
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void finished(ProxyCall call) {
        stats.ended();
        for (String branch : call.branchIds()) {
            forgetHop(branch);
        }
        if (call.isInvite()) {
            invites.remove(inviteKey(call.request()), call);
        }
    }

    void forgetHop(String branch) {
        if (branch != null) {
            hops.remove(branch);
        }
    }

    // --- requests -------------------------------------------------------------------------------------------------

    private void proxy(SipProvider provider, Request received, Optional<ServerTransaction> existing, Request working,
                       List<Target> targets, boolean recordRoute) {
        ServerTransaction server;
        try {
            server = existing.isPresent() ? existing.get() : provider.getNewServerTransaction(received);
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission that raced its own transaction: that one answers it
        } catch (Exception e) {
            log.debug("no server transaction for {}: {}", received.getMethod(), e.toString());
            refuse(provider, received, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
            return;
        }
        stats.started();
        LocalSockets.Socket arrival = sockets.arrival(provider, transportOf(received));
        if (Request.INVITE.equals(received.getMethod()) && respond(server, replies.plain(received, Response.TRYING, "Trying"))) {
            stats.generatedReply(Response.TRYING);
        }
        List<Target> ordered = new ArrayList<>(targets);
        // Highest q first; equal q in parallel (t_load_contacts); no q ranks below every explicit one.
        ordered.sort(Comparator.comparingInt(Target::q).reversed());
        TreeMap<Integer, Integer> sizes = new TreeMap<>(Comparator.reverseOrder());
        for (Target t : ordered) {
            sizes.merge(t.q(), 1, Integer::sum);
        }
        ProxyCall call = new ProxyCall(this, provider, arrival, server, received, working, ordered,
                List.copyOf(sizes.values()), recordRoute);
        if (call.isInvite()) {
            invites.put(inviteKey(received), call);
        }
        call.start();
    }

    /** Builds a branch: Request-URI, Route (Path or relay), Max-Forwards, Record-Route, our Via, its next hop. */
    ProxyRequest prepare(String loopKey, Request working, boolean copy, LocalSockets.Socket arrival, Target target,
                         boolean recordRoute)
            throws ParseException, javax.sip.InvalidArgumentException, javax.sip.SipException {
        // The branch carries the hash of the request as it arrived (loop detection), taken once per call.
        String branch = loops.branch(loopKey);
        Request out = copy ? (Request) working.clone() : working;
        if (!target.requestUri().equals(working.getRequestURI().toString())) {
            out.setRequestURI(addresses.createURI(target.requestUri()));
        }
        List<String> routes = target.routes();
        for (int i = routes.size() - 1; i >= 0; i--) {
            out.addFirst(headers.createHeader(RouteHeader.NAME, routes.get(i)));
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) out.getHeader(MaxForwardsHeader.NAME);
        if (mf == null) {
            out.setHeader(headers.createMaxForwardsHeader(70));
        } else {
            mf.setMaxForwards(mf.getMaxForwards() - 1);
        }
        String transport = target.destination().map(Destination::transport).orElseGet(() -> nextHopTransport(out));
        LocalSockets.Socket departure = target.relayed() ? sockets.departure(arrival, transport).orElse(null)
                : bindingSocket(target, transport).orElseGet(() -> sockets.departure(arrival, transport).orElse(null));
        if (departure == null) {
            throw new IllegalStateException("no " + transport + " socket to send from");
        }
        if (recordRoute) {
            boolean two = departure != arrival;
            if (two) {
                out.addFirst(recordRoute(arrival, true));
            }
            out.addFirst(recordRoute(departure, two));
        }
        out.addFirst(headers.createViaHeader(departure.host(), departure.port(), departure.transport(), branch));
        target.destination().ifPresent(d -> hops.put(branch, d));
        if (target.relayed()) {
            stats.relayed();
        }
        return new ProxyRequest(out, departure, branch);
    }

    /** A binding that came in on one of our sockets leaves from it, so that its NAT pinhole or flow matches. */
    private Optional<LocalSockets.Socket> bindingSocket(Target target, String transport) {
        return Destination.fromSocket(target.socket()).flatMap(sockets::find)
                .filter(s -> s.transport().equals(transport));
    }

    private RecordRouteHeader recordRoute(LocalSockets.Socket socket, boolean two) throws ParseException {
        return headers.createRecordRouteHeader(addresses.createAddress(addresses.createURI(socket.recordRouteUri(two))));
    }

    /**
     * Loose routing (RFC 3261 §16.4, Kamailio's {@code loose_route}): removes our Route entries (both of a double
     * Record-Route pair) from {@code working}.
     *
     * @return null when the request carried no Route of ours; else where it goes when the remaining URIs do not
     * say it: the flow a member asks us to use ({@code lflow}), or the flow in the Request-URI's {@code alias}
     */
    private Optional<Destination> looseRoute(Request working, SipProvider provider, Request received) {
        RouteHeader top = (RouteHeader) working.getHeader(RouteHeader.NAME);
        if (top == null || !(top.getAddress().getURI() instanceof SipURI uri) || !sockets.isOurs(uri.getHost(), uri.getPort())) {
            return null;
        }
        dropTopRoute(working);
        String flow = uri.getParameter(TargetFinder.FLOW_PARAM);
        if (uri.getParameter("r2") != null) {
            RouteHeader second = (RouteHeader) working.getHeader(RouteHeader.NAME);
            if (second != null && second.getAddress().getURI() instanceof SipURI s2 && sockets.isOurs(s2.getHost(), s2.getPort())) {
                dropTopRoute(working);
            }
        }
        if (flow != null && fromMember(received)) {
            return Destination.fromAlias(flow);
        }
        if (working.getHeader(RouteHeader.NAME) == null && working.getRequestURI() instanceof SipURI ruri
                && ruri.getParameter(ALIAS) != null) {
            Optional<Destination> alias = Destination.fromAlias(ruri.getParameter(ALIAS));
            ruri.removeParameter(ALIAS);
            return alias;
        }
        return Optional.empty();
    }

    private Target single(Request working, Optional<Destination> destination) {
        return new Target(working.getRequestURI().toString(), List.of(), destination, "", Binding.NO_Q, "", false);
    }

    private void forwardStateless(SipProvider provider, Request received, Request ack, Optional<Destination> destination) {
        try {
            MaxForwardsHeader mf = (MaxForwardsHeader) ack.getHeader(MaxForwardsHeader.NAME);
            if (mf != null) {
                if (mf.getMaxForwards() <= 0) {
                    return;
                }
                mf.setMaxForwards(mf.getMaxForwards() - 1);
            }
            LocalSockets.Socket arrival = sockets.arrival(provider, transportOf(received));
            String transport = destination.map(Destination::transport).orElseGet(() -> nextHopTransport(ack));
            LocalSockets.Socket departure = sockets.departure(arrival, transport).orElse(arrival);
            String branch = LoopDetection.statelessBranch(received);
            ack.addFirst(headers.createViaHeader(departure.host(), departure.port(), departure.transport(), branch));
            destination.ifPresent(d -> hops.put(branch, d));
            try {
                departure.provider().sendRequest(ack);
            } finally {
                destination.ifPresent(d -> hops.remove(branch));
            }
        } catch (Exception e) {
            log.debug("cannot forward ACK: {}", e.toString());
        }
    }

    /** The stack hands a CANCEL that matches an INVITE transaction over with its own server transaction. */
    private void cancel(SipProvider provider, Request cancel, Optional<ServerTransaction> existing) {
        ProxyCall call = invites.get(inviteKey(cancel));
        if (call == null) {
            refuse(provider, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call/Transaction Does Not Exist");
            return;
        }
        Response ok = replies.plain(cancel, Response.OK, "OK");
        if (existing.isPresent() && respond(existing.get(), ok)) {
            stats.cancelAnswered();
        } else {
            replies.send(provider, ok);
        }
        javax.sip.header.Header reason = cancel.getHeader("Reason");
        call.cancel(Optional.ofNullable(reason).map(h -> h instanceof gov.nist.javax.sip.header.SIPHeader sip
                ? sip.getHeaderValue().trim() : h.toString().substring(h.toString().indexOf(':') + 1).trim()));
    }

    javax.sip.header.Header header(String name, String value) throws ParseException {
        return headers.createHeader(name, value);
    }

    // --- responses ------------------------------------------------------------------------------------------------

    /**
     * A downstream response made ready to go upstream: our Via off; for a branch delivered over a flow, its
     * Contact marked with the flow ({@code alias}, Kamailio's {@code add_contact_alias}) so that the dialog's later
     * requests reach it the same way.
     */
    Response upstream(Response response, Target target) {
        Response copy = (Response) response.clone();
        copy.removeFirst(ViaHeader.NAME);
        if (target != null && target.destination().isPresent() && !target.relayed()
                && copy.getHeader(ContactHeader.NAME) instanceof ContactHeader contact
                && contact.getAddress().getURI() instanceof SipURI uri && uri.getParameter(ALIAS) == null) {
            try {
                uri.setParameter(ALIAS, target.destination().get().alias());
            } catch (ParseException e) {
                log.debug("cannot mark the Contact with its flow: {}", e.toString());
            }
        }
        return copy;
    }

    Response localAnswer(Request request, int status) {
        return replies.onTransaction(request, status, switch (status) {
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 480 -> "Temporarily Unavailable";
            case 487 -> "Request Terminated";
            case 503 -> "Service Unavailable";
            default -> "Server Internal Error";
        });
    }

    /** @return whether the server transaction took it */
    boolean respond(ServerTransaction server, Response response) {
        try {
            server.sendResponse(response);
            return true;
        } catch (Exception e) {
            log.debug("cannot send {} upstream: {}", response.getStatusCode(), e.toString());
            return false;
        }
    }

    void sendStateless(SipProvider provider, Response response) {
        try {
            provider.sendResponse(response);
        } catch (Exception e) {
            log.debug("cannot pass {} upstream: {}", response.getStatusCode(), e.toString());
        }
    }

    private void refuse(SipProvider provider, Request request, int status, String reason) {
        replies.send(provider, replies.plain(request, status, reason));
    }

    /** Kamailio's {@code from_uri==myself}: the From is in a domain this node serves. */
    private boolean fromOurDomain(Request request) {
        return ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI() instanceof SipURI from
                && from.getHost() != null && servesHost.test(stripBrackets(from.getHost()).toLowerCase(Locale.ROOT));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private boolean fromMember(Request request) {
        String source = sourceOf(request);
        return source != null && isMemberAddress.test(source);
    }

    private static String sourceOf(Request request) {
        if (request instanceof gov.nist.javax.sip.message.SIPRequest sip
                && sip.getMessageChannel() instanceof gov.nist.javax.sip.stack.MessageChannel channel) {
            return channel.getPeerPacketSourceAddress() != null
                    ? channel.getPeerPacketSourceAddress().getHostAddress() : channel.getPeerAddress();
        }
        return null;
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (request instanceof gov.nist.javax.sip.message.SIPRequest sip
                && sip.getMessageChannel() instanceof gov.nist.javax.sip.stack.MessageChannel channel) {
            return channel.getTransport().toLowerCase(Locale.ROOT);
        }
        return via == null ? ListeningPoint.UDP : via.getTransport().toLowerCase(Locale.ROOT);
    }

    /** The transport of the next hop the URIs name: the first Route, else the Request-URI. */
    private static String nextHopTransport(Request request) {
        RouteHeader route = (RouteHeader) request.getHeader(RouteHeader.NAME);
        URI uri = route != null ? route.getAddress().getURI() : request.getRequestURI();
        if (uri instanceof SipURI sip) {
            String transport = sip.getTransportParam();
            if (transport != null) {
                return transport.toLowerCase(Locale.ROOT);
            }
            return sip.isSecure() ? "tls" : "udp";
        }
        return "udp";
    }

    static String topBranch(Response response) {
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        return via == null ? null : via.getBranch();
    }

    /** A CANCEL matches the INVITE whose top Via (branch and sent-by) and Call-ID it repeats. */
    private static String inviteKey(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return via.getBranch() + "|" + via.getHost() + ":" + via.getPort() + "|" + callId.getCallId();
    }

    private static void dropTopRoute(Request request) {
        request.removeFirst(RouteHeader.NAME);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

}
