package dev.locus.registrar.sip;

import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;
import dev.locus.registrar.location.LocationStore;
import dev.locus.registrar.registration.RegisterChange;
import dev.locus.registrar.registration.RegisterMessage;
import dev.locus.registrar.registration.RegisterRequest;
import dev.locus.registrar.registration.RegisterRules;
import dev.locus.registrar.LiveSettings;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.RuntimeSettings;
import dev.locus.registrar.registration.RegistrationError;
import dev.locus.registrar.registration.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A REGISTER from the wire to its answer: read, check (§10.3 steps 1–6), apply on the AOR's owner (step 7),
 * reply (step 8). Answered statelessly, as Kamailio's registrar does: the Call-ID/CSeq rule makes a
 * retransmission harmless, and it gets the same 200 again.
 *
 * <p>Over UDP the SIP thread hands the change to the store (one entry processor, local or one hop away) and goes on
 * to the next message; the reply is sent by the thread that completes the store's future, before replication is
 * told of the change. Over a stream the SIP thread waits and replies itself. At most {@link #MAX_IN_FLIGHT} changes are outstanding per node: past that a SIP thread waits for
 * one to finish, so an overload backs up into the bounded UDP queues (where it is dropped and counted) instead of
 * into Hazelcast's operation queues.
 */
public final class RegisterHandler {

    private static final Logger log = LoggerFactory.getLogger(RegisterHandler.class);
    /**
     * Past this the member owning the AOR is taken as unreachable (frozen, partitioned) and the REGISTER is answered
     * 500 with a Retry-After: well inside the UA's transaction timeout (64*T1 = 32 s), and short of Hazelcast's own
     * bounds (10 s until a silent member is dropped, 60 s per invocation), which would tie up a SIP thread per
     * retransmission meanwhile. The change may still land once the cluster has moved the AOR: the UA's retry
     * then finds it and gets the usual 200.
     */
    private static final long STORE_TIMEOUT_SECONDS = 5;
    /**
     * The most a UDP 200's Contact lines may take: 48 KiB leaves room for the rest of the reply (the request's
     * Via, From, To, Call-ID, CSeq, at most {@code sip.max_message_size} in all by default) within the 65,507 bytes
     * of one datagram. Past it the change is refused with 503 instead of applied and never answered (RFC 3261
     * §18.2.2 gives a UDP request no other way back).
     */
    static final long UDP_LISTED_BYTES = 48 * 1024;
    /** Outstanding store changes per node: enough to keep both cores busy across a member hop, no more. */
    static final int MAX_IN_FLIGHT = 256;

    private final RegisterReader reader;
    private final RegisterRules rules;
    private final LocationStore store;
    private final Replies replies;
    private final RegistrarConfig config;
    private final LiveSettings settings;
    private final InstantSource clock;
    private final RegistrarMetrics metrics;
    private final RegisterAuthentication authentication;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    public RegisterHandler(RegisterReader reader, RegisterRules rules, LocationStore store, Replies replies,
                           RegistrarConfig config, LiveSettings settings, InstantSource clock,
                           RegistrarMetrics metrics, RegisterAuthentication authentication) {
        this.reader = reader;
        this.rules = rules;
        this.store = store;
        this.replies = replies;
        this.config = config;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.authentication = authentication;
    }

    public void handle(SipProvider provider, Request request) {
        // First, before any other work: what a request may cost must not grow with what an unknown peer puts in it.
        if (RegisterReader.contactCount(request) > config.maxContactsPerRequest()) {
            refuse(provider, request, Validation.Rejected.of(RegistrationError.TOO_MANY_CONTACTS_IN_REQUEST),
                    settings.current());
            return;
        }
        // Read once: one request is judged by one set of values, whatever cfg.set does meanwhile.
        RuntimeSettings limits = settings.current();
        long now = clock.instant().getEpochSecond();
        RegisterMessage message = reader.read(request);
        // RFC 3261 §10.3: the domain (step 1) and Require (step 2) are checked before authentication (step 3); the
        // contacts (steps 6 and 7) only once the request is authenticated.
        Optional<Validation.Rejected> early = rules.beforeAuthentication(message);
        if (early.isPresent()) {
            refuse(provider, request, early.get(), limits);
            return;
        }
        authentication.authenticate(provider, request, message,
                () -> apply(provider, request, message, rules.validate(message, now, limits), now, limits));
    }

    private void refuse(SipProvider provider, Request request, Validation.Rejected rejected, RuntimeSettings limits) {
        metrics.rejected();
        log.debug("REGISTER refused: {} {}", rejected.error().status(), rejected.error().reason());
        replies.send(provider, replies.reject(request, rejected.error(), rejected.unsupported(), limits.minExpires()));
    }

    private void apply(SipProvider provider, Request request, RegisterMessage message, Validation verdict, long now,
                       RuntimeSettings limits) {
        if (verdict instanceof Validation.Rejected rejected) {
            refuse(provider, request, rejected, limits);
            return;
        }
        RegisterRequest accepted = ((Validation.Accepted) verdict).request();
        boolean udp = message.socket().startsWith("udp:");
        RegisterChange change = accepted.toChange(now, (int) limits.maxContacts(), udp ? UDP_LISTED_BYTES : 0);
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(provider, request, accepted, change, null, e, now, limits);
            return;
        }
        CompletableFuture<ChangeResult> stored;
        try {
            stored = store.apply(accepted.aor(), change).toCompletableFuture();
        } catch (RuntimeException e) {
            // The store may refuse before it answers at all (its Hazelcast member is shutting down).
            inFlight.release();
            reply(provider, request, accepted, change, null, e, now, limits);
            return;
        }
        // The permit is returned when the store has answered, not when the REGISTER was given up on: a change still
        // queued in Hazelcast counts, so a slow or frozen member cannot collect an unbounded backlog.
        stored.whenComplete((result, failure) -> inFlight.release());
        if (udp) {
            stored.copy().orTimeout(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((result, failure) ->
                    reply(provider, request, accepted, change, result, unwrap(failure), now, limits));
            return;
        }
        // A stream's reply may block on a slow peer's window: sent from this SIP thread, it holds only this one,
        // never the shared threads that complete the store's futures.
        ChangeResult result = null;
        Throwable failure = null;
        try {
            result = stored.get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        reply(provider, request, accepted, change, result, failure, now, limits);
    }

    private void reply(SipProvider provider, Request request, RegisterRequest accepted, RegisterChange change,
                       ChangeResult result, Throwable failure, long now, RuntimeSettings limits) {
        MDC.put("aor", accepted.aor());
        try {
            replies.send(provider, answer(request, accepted, change, result, failure, now, limits));
        } catch (RuntimeException e) {
            log.error("REGISTER answer for {} not sent", accepted.aor(), e);
        } finally {
            MDC.remove("aor");
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private Response answer(Request request, RegisterRequest accepted, RegisterChange change, ChangeResult result,
                            Throwable failure, long now, RuntimeSettings limits) {
        if (failure != null) {
            metrics.rejected();
            log.error("location store failed for {}", accepted.aor(), failure);
            return replies.reject(request, RegistrationError.STORE_FAILED, List.of(), limits.minExpires());
        }
        if (result.status() == ChangeStatus.REFUSED) {
            metrics.rejected();
            return replies.reject(request, change.refusal(result.current()), List.of(), limits.minExpires());
        }
        metrics.accepted();
        List<String> pathEcho = accepted.echoPath() ? accepted.path() : List.of();
        return replies.ok(request, result.current(), now, pathEcho);
    }

}
