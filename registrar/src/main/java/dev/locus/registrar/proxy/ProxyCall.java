package dev.locus.registrar.proxy;

import dev.locus.registrar.proxy.Forking.Answer;
import dev.locus.registrar.proxy.Forking.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

/**
 * One proxied request: its server transaction, a client transaction per branch, the branch timers, and the
 * {@link Forking} that decides. Every event takes the call's lock, so answers, timers and a CANCEL arriving on
 * different threads see one order.
 */
final class ProxyCall {

    private static final Logger log = LoggerFactory.getLogger(ProxyCall.class);

    /** What a client transaction's application data points back to. */
    record BranchRef(ProxyCall call, int index) {
    }

    private final LocationProxy proxy;
    private final SipProvider provider;
    private final LocalSockets.Socket arrival;
    private final ServerTransaction server;
    /** The request as it arrived: what answers made here and the CANCEL match are built from. */
    private final Request request;
    /** The copy every branch starts from (our Route entries removed); the only branch of a call may take it over. */
    private final Request working;
    /** The loop hash of {@link #request}: every branch's id carries it. */
    private final String loopKey;
    private final List<Target> targets;
    private final boolean recordRoute;
    private final Forking forking;
    private final ClientTransaction[] branches;
    private final LocalSockets.Socket[] departures;
    private final String[] branchIds;
    private final Response[] finals;
    private final ScheduledFuture<?>[] timers;
    private boolean firstSuccessSent;
    private Optional<String> callerReason = Optional.empty();
    private Optional<String> cancelReason = Optional.empty();
    private boolean completed;
    private boolean closed;

    ProxyCall(LocationProxy proxy, SipProvider provider, LocalSockets.Socket arrival, ServerTransaction server,
              Request request, Request working, List<Target> targets, List<Integer> groupSizes,
              boolean recordRoute) {
        this.proxy = proxy;
        this.provider = provider;
        this.arrival = arrival;
        this.server = server;
        this.request = request;
        this.working = working;
        this.loopKey = LoopDetection.key(request);
        this.targets = List.copyOf(targets);
        this.recordRoute = recordRoute;
        this.forking = new Forking(groupSizes);
        int n = targets.size();
        this.branches = new ClientTransaction[n];
        this.departures = new LocalSockets.Socket[n];
        this.branchIds = new String[n];
        this.finals = new Response[n];
        this.timers = new ScheduledFuture<?>[n];
    }

    Request request() {
        return request;
    }

    boolean isInvite() {
        return Request.INVITE.equals(request.getMethod());
    }

    synchronized void start() {
        apply(forking.start(), null);
    }

    synchronized void onResponse(int branch, Response response) {
        proxy.stats().received();
        int code = response.getStatusCode();
        if (code == 100) {
            apply(forking.trying(branch), response);
            ringTimer(branch);
        } else if (code < 200) {
            ringTimer(branch);
            apply(forking.provisional(branch), response);
        } else {
            stopTimer(branch);
            if (finals[branch] == null) {
                finals[branch] = response;
            }
            apply(forking.fin(branch, code), response);
        }
    }

    synchronized void onTimeout(int branch) {
        stopTimer(branch);
        log.debug("branch {} to {} of {} got no final answer in time", branch, targets.get(branch).requestUri(),
                request.getMethod());
        apply(forking.timeout(branch), null);
    }

    /** The caller's CANCEL; its Reason (RFC 3326), if it gave one, goes on to the branches. */
    synchronized void cancel(Optional<String> reason) {
        callerReason = reason;
        apply(forking.cancelAll(), null);
    }

    private void apply(Step step, Response cause) {
        for (int b : step.send()) {
            send(b);
        }
        Optional<String> reason = reason(cause);
        if (reason.isPresent()) {
            // A branch still waiting for its first answer is cancelled later, for the same reason.
            cancelReason = reason;
        }
        for (int b : step.cancel()) {
            cancelBranch(b, cancelReason);
        }
        if (step.forward() && cause != null) {
            forward(cause);
        }
        if (step.answer().present()) {
            answer(step.answer());
        }
        if (!closed && forking.settled()) {
            closed = true;
            if (!completed) { // its answer could not be sent: the transaction is over all the same
                completed = true;
                proxy.stats().completed();
            }
            proxy.finished(this);
        }
    }

    private void send(int b) {
        Target target = targets.get(b);
        try {
            // A call with one branch (most calls) sends the working copy itself: one deep copy of the request less.
            ProxyRequest out = proxy.prepare(loopKey, working, targets.size() > 1, arrival, target, recordRoute);
            departures[b] = out.departure();
            branchIds[b] = out.branch();
            ClientTransaction ct = out.departure().provider().getNewClientTransaction(out.request());
            ct.setApplicationData(new BranchRef(this, b));
            branches[b] = ct;
            proxy.stats().branch();
            ct.sendRequest();
            timers[b] = proxy.schedule(() -> onTimeout(b), proxy.config().frTimer());
        } catch (Exception e) {
            // A target this node cannot send to (no socket for its transport, a connection refused) fails alone.
            log.debug("cannot send {} to {}: {}", request.getMethod(), target.requestUri(), e.toString());
            proxy.forgetHop(branchIds[b]);
            apply(forking.unreachable(b), null);
        }
    }

    /**
     * Why the other branches are cancelled, as Kamailio says it: another branch answered (200, "Call completed
     * elsewhere"), one declined (its 6xx), or the caller's own Reason.
     */
    private Optional<String> reason(Response cause) {
        if (cause != null && cause.getStatusCode() >= 200 && cause.getStatusCode() < 300) {
            return Optional.of("SIP;cause=200;text=\"Call completed elsewhere\"");
        }
        if (cause != null && cause.getStatusCode() >= 600) {
            return Optional.of("SIP;cause=" + cause.getStatusCode() + ";text=\""
                    + cause.getReasonPhrase().replace("\"", "") + "\"");
        }
        return cause == null ? callerReason : Optional.empty();
    }

    private void cancelBranch(int b, Optional<String> reason) {
        stopTimer(b);
        ClientTransaction ct = branches[b];
        if (ct == null || !isInvite()) {
            return;
        }
        try {
            Request cancel = ct.createCancel();
            if (reason.isPresent()) {
                cancel.addHeader(proxy.header("Reason", reason.get()));
            }
            ClientTransaction cancelTx = departures[b].provider().getNewClientTransaction(cancel);
            cancelTx.setApplicationData(LocationProxy.CANCEL_SENT);
            cancelTx.sendRequest();
        } catch (Exception e) {
            log.debug("cannot cancel branch {} to {}: {}", b, targets.get(b).requestUri(), e.toString());
        }
    }

    private void forward(Response response) {
        Response copy = proxy.upstream(response, recordRoute ? targetOf(response) : null);
        int code = copy.getStatusCode();
        if (code >= 200 && code < 300) {
            if (!firstSuccessSent) {
                firstSuccessSent = true;
                if (proxy.respond(server, copy)) {
                    relayed(code);
                    return;
                }
            }
            // Further 2xx of a forked INVITE: the server transaction has ended, each is passed on statelessly (each
            // is a session the caller must end). A non-INVITE has one final answer only.
            if (isInvite()) {
                proxy.sendStateless(provider, copy);
                relayed(code);
            }
            return;
        }
        if (proxy.respond(server, copy)) {
            relayed(code);
        }
    }

    /** Counted as Kamailio's relay_reply does: every reply passed up, each 2xx of a fork among the 2xx finals. */
    private void relayed(int code) {
        proxy.stats().relayedReply(code);
        completedBy(code);
    }

    private void completedBy(int code) {
        if (code >= 200 && !completed) {
            completed = true;
            proxy.stats().completed();
        }
    }

    private Target targetOf(Response response) {
        for (int b = 0; b < finals.length; b++) {
            if (branchIds[b] != null && branchIds[b].equals(LocationProxy.topBranch(response))) {
                return targets.get(b);
            }
        }
        return null;
    }

    private void answer(Answer answer) {
        Response response;
        boolean generated = answer.isLocal();
        if (generated) {
            response = proxy.localAnswer(request, answer.status());
        } else {
            response = proxy.upstream(finals[answer.branch()], null);
            if (response.getStatusCode() == Response.SERVICE_UNAVAILABLE) {
                // RFC 3261 §16.7 step 6: a 503 downstream says nothing about this node; the caller gets 500.
                generated = true; // a reply of our own, as Kamailio's "FAKED_REPLY"
                try {
                    response.setStatusCode(Response.SERVER_INTERNAL_ERROR);
                    response.setReasonPhrase("Server Internal Error");
                } catch (java.text.ParseException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        int code = response.getStatusCode();
        if (proxy.respond(server, response)) {
            if (generated) {
                proxy.stats().generatedReply(code);
            } else {
                proxy.stats().relayedReply(code);
            }
            completedBy(code);
        }
        if (response.getStatusCode() >= 300) {
            log.debug("{} to {} failed: {}", request.getMethod(), request.getRequestURI(), response.getStatusCode());
        }
    }

    private void ringTimer(int b) {
        if (isInvite() && timers[b] != null) {
            stopTimer(b);
            Duration ring = proxy.config().frInvTimer();
            timers[b] = proxy.schedule(() -> onTimeout(b), ring);
        }
    }

    private void stopTimer(int b) {
        if (timers[b] != null) {
            timers[b].cancel(false);
            timers[b] = null;
        }
    }

    /** Branch ids of this call, for the router's hop table. */
    String[] branchIds() {
        return branchIds.clone();
    }
}
