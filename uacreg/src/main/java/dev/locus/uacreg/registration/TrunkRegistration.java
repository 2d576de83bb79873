package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.registration.Phase.Attempt;
import dev.locus.uacreg.registration.Phase.Idle;
import dev.locus.uacreg.registration.Phase.InFlight;
import dev.locus.uacreg.registration.Phase.Leaving;
import dev.locus.uacreg.registration.Phase.Releasing;
import dev.locus.uacreg.registration.Phase.Sending;
import dev.locus.uacreg.registration.Phase.Stopped;
import dev.locus.uacreg.trunk.Credentials;
import dev.locus.uacreg.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * One trunk registered from this node: the REGISTER cycle of Kamailio 5.6's uac module (challenge answered once,
 * 423 raises the expires, refresh before the granted expiry, one Call-ID and a growing CSeq for the life of the
 * trunk here), with retries that back off and never give up, and a timeout on every transaction from the sender.
 * <p>
 * Every method runs on the context's one executor thread; replies are brought back onto it. Where the trunk is in
 * its cycle is one {@link Phase}, changed only by {@link #enter}; the fields beside it are what the trunk has
 * learnt and publishes.
 */
public final class TrunkRegistration {

    private static final Logger log = LoggerFactory.getLogger(TrunkRegistration.class);

    private final TrunkContext context;
    private final String callId;
    private final String fromTag;
    private final long regInit;
    private Trunk trunk;
    private String contactUri;
    private String contactHostPort;
    private int expires;
    /** Kamailio starts a new Call-ID at CSeq 10: carriers have seen that for years. */
    private long cseq = 9;

    private Phase phase;
    private int lastCode;
    private String lastReason = "";
    private int failures;
    private long timerExpires;
    /** Kamailio's INIT bit: set by the first attempt, for good. */
    private boolean initialised;

    /** Contact to clear at the carrier with the next REGISTER: a previous owner's, or ours before a change. */
    private String clearContact;
    /** What the carrier holds for this trunk now, as far as we know. */
    private String boundContact;

    /** What one REGISTER asked for: its reply is read against this, not against what the trunk asks now. */
    private record Sent(int expires, long at, String clearing) {
    }

    public TrunkRegistration(TrunkContext context, Trunk trunk, String previousContact) {
        this.context = context;
        this.callId = context.ids().get() + "@" + hostOf(context.defaultContactAddr());
        this.fromTag = context.ids().get();
        this.regInit = context.clock().instant().getEpochSecond();
        this.clearContact = previousContact;
        this.boundContact = previousContact;
        adopt(trunk);
        TrunkState first = trunk.disabled() ? TrunkState.DISABLED
                : trunk.expires() == 0 && boundContact.isEmpty() ? TrunkState.UNREGISTERED : TrunkState.WAITING;
        this.phase = new Idle(first, 0, TrunkExecutor.Scheduled.NONE);
    }

    /** Starts the cycle: reg_delay, else the given spread, then the first REGISTER. */
    public void start(Duration spread) {
        Optional<TrunkState> held = whyNotSending();
        if (held.isPresent()) {
            enter(showing(held.get()));
        } else {
            Duration delay = trunk.regDelay() > 0 ? Duration.ofSeconds(trunk.regDelay()) : spread;
            enter(attemptAfter(delay, phase.shown()));
        }
        publish();
    }

    /**
     * The row changed (reload, refresh, enable/disable, unregister): a change of credentials or addresses
     * registers afresh, clearing the old contact if it moved; disabling stops sending (the binding stays until it
     * expires, as in Kamailio); expires 0 un-registers. An attempt in flight is abandoned.
     */
    public void update(Trunk changed) {
        if (!running() || trunk.equals(changed)) {
            return;
        }
        String oldContact = contactUri;
        adopt(changed);
        if (!oldContact.equals(contactUri) && !boundContact.isEmpty()) {
            clearContact = boundContact;
        }
        if (changed.disabled()) {
            enter(idle(TrunkState.DISABLED));
        } else if (changed.expires() == 0 && boundContact.isEmpty()) {
            enter(idle(TrunkState.UNREGISTERED));
        } else {
            failures = 0;
            enter(attemptAfter(Duration.ZERO, phase.shown()));
        }
        publish();
    }

    /**
     * A reload found other secrets for the row in the database than those this trunk answered with: it registers
     * afresh, as for a changed row (an attempt in flight is abandoned).
     */
    public void credentialsChanged() {
        if (!running()) {
            return;
        }
        failures = 0;
        Optional<TrunkState> held = whyNotSending();
        if (held.isPresent()) {
            enter(showing(held.get()));
        } else {
            enter(attemptAfter(Duration.ZERO, phase.shown()));
        }
        publish();
    }

    /** uac.reg_register, or reg_active switched on: send now whatever the timers say. */
    public void registerNow() {
        if (!running()) {
            return;
        }
        Optional<TrunkState> held = whyNotSending();
        if (held.isPresent()) {
            enter(showing(held.get()));
        } else if (phase instanceof Idle) {
            enter(attemptAfter(Duration.ZERO, phase.shown()));
        }
        publish();
    }

    /**
     * The global switch changed: off stops sending (nothing is un-registered, as in Kamailio; a REGISTER in
     * flight is seen through), on sends at once.
     */
    public void activeChanged() {
        if (!running()) {
            return;
        }
        if (!context.active().getAsBoolean()) {
            if (phase instanceof Idle) {
                enter(idle(TrunkState.INACTIVE));
            }
            publish();
        } else if (phase.shown() == TrunkState.INACTIVE || (idleForGood() && whyNotSending().isEmpty())) {
            enter(showing(TrunkState.WAITING));
            registerNow();
        }
    }

    /** Why a trunk stops on this node. */
    public enum Stop {
        /** The row was removed: whatever it bound goes (Expires: 0). */
        REMOVED,
        /**
         * Its partition moved (rebalance, quorum lost): a contact of this node's own address is removed, so that
         * nothing depends on the new owner having read it from the shared status; a row's shared contact_addr
         * is left to the new owner, whose REGISTER replaces it.
         */
        MOVED,
        /** This node is leaving: it goes quiet and the new owners clear its contacts as they take over. */
        SHUTDOWN
    }

    /**
     * Stops the trunk here. A REGISTER still in flight is seen through first when what it may bind has to go;
     * otherwise the trunk stops at once, and a reply or pacer slot that comes later finds nothing to act on.
     */
    public void stop(Stop why, Runnable whenStopped) {
        boolean removeBinding = why == Stop.REMOVED || (why == Stop.MOVED && trunk.contactAddr().isEmpty());
        if (!removeBinding || !context.active().getAsBoolean()) {
            finish(whenStopped, phase.shown());
        } else if (!boundContact.isEmpty()) {
            expires = 0;
            beginAttempt(new Leaving(Attempt.unchallenged(), whenStopped));
        } else if (phase instanceof InFlight inFlight) {
            enter(new Releasing(inFlight.attempt(), phase.shown(), whenStopped));
        } else {
            finish(whenStopped, phase.shown());
        }
    }

    public TrunkStatus status() {
        long nextAttempt = phase instanceof Idle idle ? idle.nextAttempt() : 0;
        return new TrunkStatus(trunk.lUuid(), context.owner(), phase.shown(), activity(), expires, timerExpires,
                regInit, trunk.regDelay(), lastCode, lastReason, failures, nextAttempt, boundContact, 0);
    }

    /** A disabled trunk stays bound while the binding it left at the carrier lasts. */
    private TrunkStatus.Activity activity() {
        boolean inFlight = phase instanceof InFlight;
        boolean authSent = phase instanceof InFlight f && f.attempt().credentialsSent();
        TrunkState shown = phase.shown();
        boolean bound = shown == TrunkState.REGISTERED || (shown == TrunkState.DISABLED
                && !boundContact.isEmpty() && timerExpires > nowSeconds());
        return new TrunkStatus.Activity(trunk.disabled(), inFlight, authSent, bound, initialised);
    }

    /** Every change of phase: a timer the next phase does not keep is cancelled, so it cannot fire late. */
    private void enter(Phase next) {
        if (phase instanceof Idle idle && !(next instanceof Idle kept && kept.timer() == idle.timer())) {
            idle.timer().cancel();
        }
        phase = next;
    }

    /** Stopping trunks take no more changes: what they wait for is their last reply. */
    private boolean running() {
        return phase instanceof Idle || phase instanceof Sending;
    }

    /** Idle with nothing due: only an event starts it again, and switching reg_active on is one. */
    private boolean idleForGood() {
        return phase instanceof Idle idle && idle.timer() == TrunkExecutor.Scheduled.NONE;
    }

    /** Why the trunk may not send now, as the word that says so; empty when it may. */
    private Optional<TrunkState> whyNotSending() {
        if (trunk.disabled()) {
            return Optional.of(TrunkState.DISABLED);
        }
        if (!context.active().getAsBoolean()) {
            return Optional.of(TrunkState.INACTIVE);
        }
        if (trunk.expires() == 0 && boundContact.isEmpty() && clearContact.isEmpty()) {
            return Optional.of(TrunkState.UNREGISTERED);
        }
        return Optional.empty();
    }

    /** The current phase showing another word; timers and attempts carry on. */
    private Phase showing(TrunkState word) {
        if (phase instanceof Idle idle) {
            return idle.showing(word);
        }
        return phase instanceof Sending sending ? sending.showing(word) : phase;
    }

    private static Idle idle(TrunkState shown) {
        return new Idle(shown, 0, TrunkExecutor.Scheduled.NONE);
    }

    private Idle attemptAfter(Duration delay, TrunkState shown) {
        long at = context.clock().instant().plus(delay).getEpochSecond();
        return new Idle(shown, at, context.executor().schedule(this::timerFired, delay));
    }

    /** Only an idle trunk has a timer, and leaving idle cancels it. */
    private void timerFired() {
        if (!(phase instanceof Idle idle)) {
            return;
        }
        Optional<TrunkState> held = whyNotSending();
        if (held.isPresent()) {
            enter(new Idle(held.get(), idle.nextAttempt(), TrunkExecutor.Scheduled.NONE));
            publish();
            return;
        }
        initialised = true;
        expires = trunk.expires() == 0 ? 0 : Math.max(expires, trunk.expires());
        beginAttempt(new Sending(Attempt.unchallenged(), TrunkState.REGISTERING));
    }

    /** Its first REGISTER leaves in the next pacer slot. */
    private void beginAttempt(InFlight next) {
        enter(next);
        paced(next.attempt(), OutgoingRegister.AuthorizationHeader.NONE);
        publish();
    }

    /** Every REGISTER, with credentials or without, waits for its slot: max_rate bounds what carriers see. */
    private void paced(Attempt attempt, OutgoingRegister.AuthorizationHeader authorization) {
        Duration wait = context.pacer().reserve(context.nanoTime().getAsLong());
        if (wait.toMillis() <= 0) {
            transmit(attempt, authorization);
        } else {
            context.executor().schedule(() -> {
                if (current(attempt)) {
                    transmit(attempt, authorization);
                }
            }, Duration.ofMillis(wait.toMillis()));
        }
    }

    private boolean current(Attempt attempt) {
        return phase instanceof InFlight inFlight && inFlight.attempt() == attempt;
    }

    private void transmit(Attempt attempt, OutgoingRegister.AuthorizationHeader authorization) {
        cseq++;
        Sent sent = new Sent(expires, nowSeconds(), clearContact);
        timerExpires = sent.at();
        context.sender().send(register(sent, authorization)).whenCompleteAsync((reply, error) -> {
            if (current(attempt)) {
                onReply(attempt, sent,
                        error != null ? RegisterReply.local(500, "cannot send: " + error.getMessage()) : reply);
            }
        }, context.executor());
    }

    private OutgoingRegister register(Sent sent, OutgoingRegister.AuthorizationHeader authorization) {
        List<OutgoingRegister.ContactEntry> contacts = new ArrayList<>();
        contacts.add(new OutgoingRegister.ContactEntry(contactUri, -1));
        if (!sent.clearing().isEmpty() && !sent.clearing().equals(contactUri)) {
            contacts.add(new OutgoingRegister.ContactEntry(sent.clearing(), 0));
        }
        String aor = "sip:" + trunk.rUsername() + "@" + trunk.rDomain();
        return new OutgoingRegister(trunk.lUuid(), "sip:" + trunk.rDomain(), aor, fromTag, callId, cseq, contacts,
                sent.expires(), authorization, trunk.authProxy(), trunk.socket());
    }

    private void onReply(Attempt attempt, Sent sent, RegisterReply reply) {
        lastCode = reply.status();
        Outcome outcome = ReplyRules.decide(reply, trunk, contactHostPort, sent.expires(), attempt.credentialsSent(),
                attempt.staleRetried());
        if (outcome instanceof Outcome.Challenged challenged) {
            // The secrets are read now, off this thread when they must come from the database; a trunk that has
            // moved on meanwhile (changed, stopped) drops them.
            context.credentials().lookup(trunk.lUuid()).whenCompleteAsync((credentials, error) -> {
                if (current(attempt)) {
                    settle(attempt, sent, reply, answer(reply, challenged, credentials, error));
                }
            }, context.executor());
            return;
        }
        settle(attempt, sent, reply, outcome);
    }

    /** The answer to a challenge, or the failure of a trunk whose secrets cannot answer it or cannot be read. */
    private Outcome answer(RegisterReply reply, Outcome.Challenged challenged, Credentials credentials,
                           Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return new Outcome.Failed(reply.status(), cause.getMessage(), -1);
        }
        DigestAnswer.Result answer = DigestAnswer.answer(challenged.challenge(), trunk, credentials, "REGISTER",
                context.cnonces().get());
        if (answer instanceof DigestAnswer.Failure failure) {
            return new Outcome.Failed(reply.status(), failure.reason(), -1);
        }
        return new Outcome.Answer(new OutgoingRegister.AuthorizationHeader(challenged.headerName(),
                ((DigestAnswer.Header) answer).value()), challenged.staleRetry());
    }

    private void settle(Attempt attempt, Sent sent, RegisterReply reply, Outcome outcome) {
        InFlight inFlight = (InFlight) phase;
        log.debug("trunk {}: {} {} -> {}{}", trunk.lUuid(), reply.status(), reply.reason(), outcome,
                inFlight instanceof Sending ? "" : " (stopping)");
        if (outcome instanceof Outcome.Answer answer) {
            Attempt next = attempt.answered(answer.staleRetry());
            enter(inFlight.at(next));
            paced(next, answer.header());
            publish();
        } else if (inFlight instanceof Sending) {
            concluded(outcome, sent, reply);
        } else if (inFlight instanceof Releasing releasing) {
            released(releasing, outcome);
        } else {
            left((Leaving) inFlight, outcome, sent, reply);
        }
    }

    /** The final outcome of an attempt while the trunk runs. */
    private void concluded(Outcome outcome, Sent sent, RegisterReply reply) {
        if (outcome instanceof Outcome.RaiseExpires raise) {
            raiseExpires(reply, raise);
            beginAttempt(new Sending(Attempt.unchallenged(), TrunkState.REGISTERING));
            return;
        }
        if (outcome instanceof Outcome.Registered registered) {
            recordBinding(reply, registered, sent);
            long refreshAt = timerExpires - margin(registered.granted());
            enter(attemptAfter(Duration.ofSeconds(Math.max(0, refreshAt - nowSeconds())), TrunkState.REGISTERED));
        } else if (outcome instanceof Outcome.Unregistered) {
            recordUnbinding(reply);
            enter(idle(TrunkState.UNREGISTERED));
        } else if (outcome instanceof Outcome.Failed failed) {
            recordFailure(failed);
            Duration wait = context.backoff().after(failures, failed.retryAfter());
            log.info("trunk {}: {} {}, failure {}, retrying in {} s", trunk.lUuid(), failed.code(),
                    failed.reason(), failures, wait.toSeconds());
            enter(attemptAfter(wait, TrunkState.FAILED));
        }
        publish();
    }

    /** The attempt that was in flight when the trunk stopped has ended: what it bound is removed before leaving. */
    private void released(Releasing releasing, Outcome outcome) {
        if (outcome instanceof Outcome.Registered) {
            boundContact = contactUri;
            expires = 0;
            beginAttempt(new Leaving(Attempt.unchallenged(), releasing.whenStopped()));
        } else {
            finish(releasing.whenStopped(), releasing.shown());
        }
    }

    /** The last REGISTER was answered: the trunk stops whatever the answer, a failure only logged. */
    private void left(Leaving leaving, Outcome outcome, Sent sent, RegisterReply reply) {
        if (outcome instanceof Outcome.RaiseExpires raise) {
            raiseExpires(reply, raise);
            beginAttempt(new Leaving(Attempt.unchallenged(), leaving.whenStopped()));
            return;
        }
        TrunkState last = leaving.shown();
        if (outcome instanceof Outcome.Registered registered) {
            recordBinding(reply, registered, sent);
            last = TrunkState.REGISTERED;
        } else if (outcome instanceof Outcome.Unregistered) {
            recordUnbinding(reply);
            last = TrunkState.UNREGISTERED;
        } else if (outcome instanceof Outcome.Failed failed) {
            recordFailure(failed);
            log.info("trunk {}: un-REGISTER failed ({} {}), the carrier keeps the binding until it expires",
                    trunk.lUuid(), failed.code(), failed.reason());
        }
        finish(leaving.whenStopped(), last);
    }

    private void raiseExpires(RegisterReply reply, Outcome.RaiseExpires raise) {
        lastReason = reply.reason() + " (Min-Expires " + raise.expires() + ")";
        expires = raise.expires();
    }

    private void recordBinding(RegisterReply reply, Outcome.Registered registered, Sent sent) {
        lastReason = reply.reason();
        failures = 0;
        boundContact = contactUri;
        if (sent.clearing().equals(clearContact)) {
            clearContact = "";
        }
        timerExpires = sent.at() + registered.granted();
    }

    private void recordUnbinding(RegisterReply reply) {
        lastReason = reply.reason();
        boundContact = "";
        clearContact = "";
    }

    private void recordFailure(Outcome.Failed failed) {
        failures++;
        lastCode = failed.code();
        lastReason = failed.reason();
    }

    /** Refresh ahead of expiry: a fifth of the granted time, at least 2 s, at most the configured cap. */
    private long margin(int granted) {
        long fifth = Math.max(2, granted / 5);
        return Math.min(Math.min(fifth, context.maxRefreshMargin().toSeconds()), Math.max(1, granted - 1));
    }

    private void finish(Runnable whenStopped, TrunkState last) {
        enter(new Stopped(last));
        context.sender().forget(callId);
        whenStopped.run();
    }

    /** A stopping trunk is no longer this node's to show: its next owner publishes it. */
    private void publish() {
        if (running()) {
            context.publish().accept(status());
        }
    }

    private void adopt(Trunk t) {
        this.trunk = t;
        this.expires = t.expires();
        String addr = t.contactAddr().isEmpty() ? context.defaultContactAddr() : t.contactAddr();
        this.contactUri = "sip:" + t.lUuid() + "@" + addr;
        this.contactHostPort = hostPortOf(addr);
    }

    private long nowSeconds() {
        return context.clock().instant().getEpochSecond();
    }

    private static String hostOf(String addr) {
        String hostPort = hostPortOf(addr);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 ? hostPort.substring(0, colon) : hostPort;
    }

    static String hostPortOf(String addr) {
        int semicolon = addr.indexOf(';');
        return (semicolon >= 0 ? addr.substring(0, semicolon) : addr).toLowerCase(Locale.ROOT);
    }
}
