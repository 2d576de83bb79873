package dev.locus.registrar.sip;

import dev.locus.registrar.auth.AuthMetrics;
import dev.locus.registrar.auth.AuthVerdict;
import dev.locus.registrar.auth.CachingSubscriberRepository;
import dev.locus.registrar.auth.CredentialsUnavailableException;
import dev.locus.registrar.auth.DigestAuthenticator;
import dev.locus.registrar.auth.DigestResponse;
import dev.locus.registrar.auth.NonceStoreUnavailableException;
import dev.locus.registrar.auth.Subscriber;
import dev.locus.registrar.registration.RegisterMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.AuthorizationHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.time.InstantSource;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Digest authentication of REGISTER against the subscriber table. Credentials come from a short-lived cache on
 * the SIP thread; a cache miss moves the rest of the request to the database executor, so no SIP thread waits
 * on JDBC.
 */
public final class DigestRegisterAuthentication implements RegisterAuthentication {

    private static final Logger log = LoggerFactory.getLogger(DigestRegisterAuthentication.class);

    private final DigestAuthenticator authenticator;
    private final CachingSubscriberRepository subscribers;
    private final Replies replies;
    private final AuthMetrics metrics;
    private final String configuredRealm;
    private final InstantSource clock;
    private final Executor database;

    /** @param configuredRealm the realm to challenge with; empty challenges with the To domain */
    public DigestRegisterAuthentication(DigestAuthenticator authenticator, CachingSubscriberRepository subscribers,
                                        Replies replies, AuthMetrics metrics, String configuredRealm,
                                        InstantSource clock, Executor database) {
        this.authenticator = authenticator;
        this.subscribers = subscribers;
        this.replies = replies;
        this.metrics = metrics;
        this.configuredRealm = configuredRealm;
        this.clock = clock;
        this.database = database;
    }

    @Override
    public void authenticate(SipProvider provider, Request request, RegisterMessage message, Runnable proceed) {
        try {
            authenticateOnSipThread(provider, request, message, proceed);
        } catch (NonceStoreUnavailableException e) {
            nonceStoreUnavailable(provider, request, e);
        }
    }

    private void authenticateOnSipThread(SipProvider provider, Request request, RegisterMessage message, Runnable proceed) {
        Instant now = clock.instant();
        String realm = configuredRealm.isEmpty() ? message.toHost().toLowerCase(java.util.Locale.ROOT) : configuredRealm;
        Optional<DigestResponse> credentials = credentialsFor(request, realm);
        if (credentials.isEmpty()) {
            conclude(provider, request, realm, new AuthVerdict.Challenge(false, false), proceed);
            return;
        }
        DigestResponse response = credentials.get();
        Optional<AuthVerdict> early = authenticator.precheck(response, realm, message.toUser(),
                request.getRequestURI().toString(), now);
        if (early.isPresent()) {
            conclude(provider, request, realm, early.get(), proceed);
            return;
        }
        Optional<Optional<Subscriber>> cached = subscribers.cached(response.user(), realm);
        if (cached.isPresent()) {
            verify(provider, request, message, realm, response, cached.get(), proceed);
            return;
        }
        if (subscribers.isDown()) {
            unavailable(provider, request);
            return;
        }
        String callId = message.callId();
        try {
            database.execute(() -> {
                MDC.put("callId", callId);
                try {
                    verify(provider, request, message, realm, response, subscribers.find(response.user(), realm), proceed);
                } catch (NonceStoreUnavailableException e) {
                    nonceStoreUnavailable(provider, request, e);
                } catch (CredentialsUnavailableException e) {
                    log.warn("cannot authenticate a REGISTER: {}", e.getMessage());
                    unavailable(provider, request);
                } catch (RuntimeException e) {
                    // Off the SIP thread nobody else answers: whatever fails, the UA still gets a final reply.
                    log.error("failed to handle REGISTER", e);
                    replies.send(provider, replies.plain(request, Response.SERVER_INTERNAL_ERROR, "Server Internal Error"));
                } finally {
                    MDC.remove("callId");
                }
            });
        } catch (RejectedExecutionException e) {
            // Every database thread is busy and the queue is full: shed load, the UA will retry.
            replies.send(provider, replies.plain(request, Response.SERVICE_UNAVAILABLE, "Service Unavailable - overloaded"));
        }
    }

    private void verify(SipProvider provider, Request request, RegisterMessage message, String realm,
                        DigestResponse response, Optional<Subscriber> subscriber, Runnable proceed) {
        AuthVerdict verdict = authenticator.verify(response, request.getMethod(), subscriber, fingerprint(request));
        conclude(provider, request, realm, verdict, proceed);
    }

    private void nonceStoreUnavailable(SipProvider provider, Request request, NonceStoreUnavailableException e) {
        log.warn("cannot authenticate a REGISTER: {}", e.getMessage());
        replies.send(provider, replies.retryLater(request, Response.SERVER_INTERNAL_ERROR,
                "Server Internal Error - nonce store unavailable",
                (int) CachingSubscriberRepository.RETRY_AFTER.toSeconds()));
    }

    private void unavailable(SipProvider provider, Request request) {
        replies.send(provider, replies.retryLater(request, Response.SERVER_INTERNAL_ERROR,
                "Server Internal Error - credentials unavailable",
                (int) CachingSubscriberRepository.RETRY_AFTER.toSeconds()));
    }

    /** A digest of the whole request: a retransmission has the same, anything else that reuses a nonce count not. */
    private static String fingerprint(Request request) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private void conclude(SipProvider provider, Request request, String realm, AuthVerdict verdict, Runnable proceed) {
        if (verdict instanceof AuthVerdict.Authenticated) {
            metrics.success();
            proceed.run();
        } else if (verdict instanceof AuthVerdict.Challenge challenge) {
            metrics.challenge();
            if (challenge.failure()) {
                metrics.failure();
            }
            replies.send(provider, replies.challenge(request, authenticator.challenges(realm, challenge.stale(), clock.instant())));
        } else if (verdict instanceof AuthVerdict.Malformed malformed) {
            metrics.failure();
            log.debug("REGISTER refused: {}", malformed.reason());
            replies.send(provider, replies.plain(request, Response.BAD_REQUEST, malformed.reason()));
        } else {
            metrics.failure();
            String reason = ((AuthVerdict.Forbidden) verdict).reason();
            log.debug("REGISTER refused: {}", reason);
            replies.send(provider, replies.plain(request, Response.FORBIDDEN, reason));
        }
    }

    /** The Authorization header for our realm (a UA may carry several), as plain parameters. */
    private static Optional<DigestResponse> credentialsFor(Request request, String realm) {
        for (ListIterator<?> it = request.getHeaders(AuthorizationHeader.NAME); it.hasNext(); ) {
            AuthorizationHeader h = (AuthorizationHeader) it.next();
            if (!"digest".equalsIgnoreCase(h.getScheme()) || !realm.equals(param(h, "realm"))) {
                continue;
            }
            return Optional.of(new DigestResponse(param(h, "username"), param(h, "realm"), param(h, "nonce"),
                    param(h, "uri"), param(h, "response"), param(h, "algorithm"), param(h, "qop"), param(h, "nc"),
                    param(h, "cnonce")));
        }
        return Optional.empty();
    }

    private static String param(AuthorizationHeader h, String name) {
        String v = h.getParameter(name);
        if (v == null) {
            return "";
        }
        v = v.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

}
