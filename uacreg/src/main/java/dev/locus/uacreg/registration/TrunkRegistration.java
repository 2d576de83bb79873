package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.trunk.Trunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One trunk registered from this node: the REGISTER cycle of Kamailio 5.6's uac module (challenge answered once,
 * 423 raises the expires, refresh before the granted expiry, one Call-ID and a growing CSeq for the life of the
 * trunk here), with retries that back off and never give up, and a timeout on every transaction from the sender.
 * <p>
 * Every method runs on the context's one executor thread; replies are brought back onto it.
 */
public final class TrunkRegistration {

    private static final Logger log = LoggerFactory.getLogger(TrunkRegistration.class);

    private final TrunkContext context;
    private final String callId;
    private final String fromTag;
    private Trunk trunk;
    private String contactUri;
    private String contactHostPort;
    private int expires;
    /** Kamailio starts a new Call-ID at CSeq 10: carriers have seen that for years. */
    private long cseq = 9;

    private TrunkState state = TrunkState.WAITING;
    private int lastCode;
    private String lastReason = "";
    private int failures;
    private long timerExpires;
    private long nextAttempt;
    private final long regInit;
    private boolean initialised;

    /** Contact to clear at the carrier with the next REGISTER: a previous owner's, or ours before a change. */
    private String clearContact = "";
    /** What the carrier holds for this trunk now, as far as we know. */
    private String boundContact = "";

    private boolean inFlight;
    private boolean authSent;
    private boolean staleRetried;
    private boolean stopping;
    private boolean releasing;
    private int generation;
    private TrunkExecutor.Scheduled timer;
    private Runnable onStopped = () -> {
    };

    public TrunkRegistration(TrunkContext context, Trunk trunk, String previousContact) {
        this.context = context;
        this.callId = context.ids().get() + "@" + hostOf(context.defaultContactAddr());
        this.fromTag = context.ids().get();
        this.regInit = context.clock().instant().getEpochSecond();
        this.clearContact = previousContact;
        this.boundContact = previousContact;
        adopt(trunk);
    }

    /** Starts the cycle: reg_delay, else the given spread, then the first REGISTER. */
    public void start(Duration spread) {
        if (!canSend()) {
            publish();
            return;
        }
        Duration delay = trunk.regDelay() > 0 ? Duration.ofSeconds(trunk.regDelay()) : spread;
        schedule(delay);
        publish();
    }

    /**
     * The row changed (reload, refresh, enable/disable, unregister): a change of credentials or addresses
     * registers afresh, clearing the old contact if it moved; disabling stops sending (the binding stays until it
     * expires, as in Kamailio); expires 0 un-registers.
     */
    public void update(Trunk changed) {
        Trunk before = trunk;
        if (before.equals(changed)) {
            return;
        }
        String oldContact = contactUri;
        adopt(changed);
        if (!oldContact.equals(contactUri) && !boundContact.isEmpty()) {
            clearContact = boundContact;
        }
        generation++;
        inFlight = false;
        cancelTimer();
        if (changed.disabled()) {
            state = TrunkState.DISABLED;
            nextAttempt = 0;
            publish();
            return;
        }
        if (changed.expires() == 0 && boundContact.isEmpty()) {
            state = TrunkState.UNREGISTERED;
            nextAttempt = 0;
            publish();
            return;
        }
        failures = 0;
        schedule(Duration.ZERO);
        publish();
    }

    /** uac.reg_register, or reg_active switched on: send now whatever the timers say. */
    public void registerNow() {
        if (!canSend() || inFlight) {
            publish();
            return;
        }
        schedule(Duration.ZERO);
        publish();
    }

    /** The global switch changed: off stops sending (nothing is un-registered, as in Kamailio). */
    public void activeChanged() {
        if (!context.active().getAsBoolean()) {
            cancelTimer();
            nextAttempt = 0;
            if (!inFlight) {
                state = TrunkState.INACTIVE;
            }
            publish();
        } else if (state == TrunkState.INACTIVE || (!inFlight && timer == null && canSend())) {
            state = TrunkState.WAITING;
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
     * Stops the trunk here. A REGISTER still in flight is seen through first when what it may bind has to go.
     */
    public void stop(Stop why, Runnable whenStopped) {
        this.onStopped = whenStopped;
        stopping = true;
        cancelTimer();
        boolean removeBinding = why == Stop.REMOVED || (why == Stop.MOVED && trunk.contactAddr().isEmpty());
        if (!removeBinding || !context.active().getAsBoolean()) {
            finish();
        } else if (!boundContact.isEmpty()) {
            generation++;
            expires = 0;
            transmitWhenPaced();
        } else if (inFlight) {
            releasing = true;
        } else {
            finish();
        }
    }

    public TrunkStatus status() {
        int flags = 0;
        if (trunk.disabled()) {
            flags |= TrunkStatus.DISABLED;
        }
        if (inFlight) {
            flags |= TrunkStatus.ONGOING;
        }
        if (authSent && inFlight) {
            flags |= TrunkStatus.AUTHSENT;
        }
        if (state == TrunkState.REGISTERED || (state == TrunkState.DISABLED && !boundContact.isEmpty()
                && timerExpires > context.clock().instant().getEpochSecond())) {
            flags |= TrunkStatus.ONLINE;
        }
        if (initialised) {
            flags |= TrunkStatus.INIT;
        }
        return new TrunkStatus(trunk.lUuid(), context.owner(), state, flags, expires, timerExpires, regInit,
                trunk.regDelay(), lastCode, lastReason, failures, nextAttempt, boundContact, 0);
    }

    private void adopt(Trunk t) {
        this.trunk = t;
        this.expires = t.expires();
        String addr = t.contactAddr().isEmpty() ? context.defaultContactAddr() : t.contactAddr();
        this.contactUri = "sip:" + t.lUuid() + "@" + addr;
        this.contactHostPort = hostPortOf(addr);
        if (t.disabled()) {
            state = TrunkState.DISABLED;
        } else if (t.expires() == 0) {
            state = boundContact.isEmpty() ? TrunkState.UNREGISTERED : state;
        }
    }

    private boolean canSend() {
        if (trunk.disabled()) {
            state = TrunkState.DISABLED;
            return false;
        }
        if (!context.active().getAsBoolean()) {
            state = TrunkState.INACTIVE;
            return false;
        }
        if (trunk.expires() == 0 && boundContact.isEmpty() && clearContact.isEmpty()) {
            state = TrunkState.UNREGISTERED;
            return false;
        }
        return true;
    }

    private void schedule(Duration delay) {
        cancelTimer();
        nextAttempt = context.clock().instant().plus(delay).getEpochSecond();
        int g = generation;
        timer = context.executor().schedule(() -> {
            if (g == generation) {
                timer = null;
                due();
            }
        }, Duration.ofMillis(Math.max(0, delay.toMillis())));
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void due() {
        if (inFlight || stopping || !canSend()) {
            publish();
            return;
        }
        initialised = true;
        expires = trunk.expires() == 0 ? 0 : Math.max(expires, trunk.expires());
        transmitWhenPaced();
    }

    /** Starts an attempt: its first REGISTER leaves in the next pacer slot. */
    private void transmitWhenPaced() {
        authSent = false;
        staleRetried = false;
        inFlight = true;
        state = TrunkState.REGISTERING;
        nextAttempt = 0;
        paced(OutgoingRegister.AuthorizationHeader.NONE);
        publish();
    }

    /** Every REGISTER, with credentials or without, waits for its slot: max_rate bounds what carriers see. */
    private void paced(OutgoingRegister.AuthorizationHeader authorization) {
        Duration wait = context.pacer().reserve(context.nanoTime().getAsLong());
        int g = generation;
        if (wait.toMillis() <= 0) {
            transmit(authorization);
        } else {
            context.executor().schedule(() -> {
                if (g == generation) {
                    transmit(authorization);
                }
            }, Duration.ofMillis(wait.toMillis()));
        }
    }

    private void transmit(OutgoingRegister.AuthorizationHeader authorization) {
        cseq++;
        int sentExpires = expires;
        long sentAt = context.clock().instant().getEpochSecond();
        timerExpires = sentAt;
        List<OutgoingRegister.ContactEntry> contacts = new ArrayList<>();
        contacts.add(new OutgoingRegister.ContactEntry(contactUri, -1));
        String clearing = clearContact;
        if (!clearing.isEmpty() && !clearing.equals(contactUri)) {
            contacts.add(new OutgoingRegister.ContactEntry(clearing, 0));
        }
        String aor = "sip:" + trunk.rUsername() + "@" + trunk.rDomain();
        OutgoingRegister register = new OutgoingRegister(trunk.lUuid(), "sip:" + trunk.rDomain(), aor, fromTag,
                callId, cseq, contacts, sentExpires, authorization, trunk.authProxy(), trunk.socket());
        int g = generation;
        context.sender().send(register).whenCompleteAsync((reply, error) -> {
            if (g != generation) {
                return;
            }
            RegisterReply r = error != null ? RegisterReply.local(500, "cannot send: " + error.getMessage()) : reply;
            onReply(r, sentExpires, sentAt, clearing);
        }, context.executor());
    }

    private void onReply(RegisterReply reply, int sentExpires, long sentAt, String clearing) {
        lastCode = reply.status();
        Outcome outcome = ReplyRules.decide(reply, trunk, contactHostPort, sentExpires, authSent, staleRetried,
                context.cnonces().get());
        log.debug("trunk {}: {} {} -> {}{}", trunk.lUuid(), reply.status(), reply.reason(), outcome,
                stopping ? " (stopping)" : "");
        if (releasing && !(outcome instanceof Outcome.Answer)) {
            releasing = false;
            if (outcome instanceof Outcome.Registered) {
                boundContact = contactUri;
                expires = 0;
                transmitWhenPaced();
            } else {
                finish();
            }
            return;
        }
        if (outcome instanceof Outcome.Answer answer) {
            authSent = true;
            staleRetried |= answer.staleRetry();
            paced(answer.header());
            publish();
            return;
        }
        if (outcome instanceof Outcome.RaiseExpires raise) {
            lastReason = reply.reason() + " (Min-Expires " + raise.expires() + ")";
            expires = raise.expires();
            transmitWhenPaced();
            return;
        }
        inFlight = false;
        if (outcome instanceof Outcome.Registered registered) {
            lastReason = reply.reason();
            failures = 0;
            boundContact = contactUri;
            if (clearing.equals(clearContact)) {
                clearContact = "";
            }
            state = TrunkState.REGISTERED;
            timerExpires = sentAt + registered.granted();
            long refreshAt = timerExpires - margin(registered.granted());
            schedule(Duration.ofSeconds(Math.max(0, refreshAt - context.clock().instant().getEpochSecond())));
        } else if (outcome instanceof Outcome.Unregistered) {
            lastReason = reply.reason();
            boundContact = "";
            clearContact = "";
            state = TrunkState.UNREGISTERED;
            nextAttempt = 0;
        } else if (outcome instanceof Outcome.Failed failed) {
            failures++;
            lastCode = failed.code();
            lastReason = failed.reason();
            if (stopping) {
                log.info("trunk {}: un-REGISTER failed ({} {}), the carrier keeps the binding until it expires",
                        trunk.lUuid(), failed.code(), failed.reason());
            } else {
                state = TrunkState.FAILED;
                Duration wait = context.backoff().after(failures, failed.retryAfter());
                log.info("trunk {}: {} {}, failure {}, retrying in {} s", trunk.lUuid(), failed.code(),
                        failed.reason(), failures, wait.toSeconds());
                schedule(wait);
            }
        }
        if (stopping) {
            finish();
            return;
        }
        publish();
    }

    /** Refresh ahead of expiry: a fifth of the granted time, at least 2 s, at most the configured cap. */
    private long margin(int granted) {
        long fifth = Math.max(2, granted / 5);
        return Math.min(Math.min(fifth, context.maxRefreshMargin().toSeconds()), Math.max(1, granted - 1));
    }

    private void finish() {
        stopping = true;
        inFlight = false;
        cancelTimer();
        context.sender().forget(callId);
        onStopped.run();
    }

    private void publish() {
        if (!stopping) {
            context.publish().accept(status());
        }
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
