package dev.locus.registrar.sip;

import dev.locus.registrar.AuthFailures;
import dev.locus.registrar.auth.AuthMetrics;
import dev.locus.registrar.auth.AuthVerdict;
import dev.locus.registrar.auth.CachingSubscriberRepository;
import dev.locus.registrar.auth.CredentialsUnavailableException;
import dev.locus.registrar.auth.DigestAuthenticator;
import dev.locus.registrar.auth.DigestResponse;
import dev.locus.registrar.auth.DigestRole;
import dev.locus.registrar.auth.NonceStoreUnavailableException;
import dev.locus.registrar.auth.Subscriber;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sip.SipProvider;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Digest authentication of one request against the subscriber table, for the registrar (401) and the proxy (407)
 * alike: the same nonces, algorithms, realm rule, replay and guessing limits, and outage answers. Credentials come
 * from a short-lived cache on the SIP thread; a cache miss moves the rest of the request to the database
 * executor, so no SIP thread waits on JDBC.
 */
public final class DigestCheck {

    private static final Logger log = LoggerFactory.getLogger(DigestCheck.class);

    private final DigestAuthenticator authenticator;
    private final CachingSubscriberRepository subscribers;
    private final Replies replies;
    private final AuthMetrics metrics;
    private final String configuredRealm;
    private final InstantSource clock;
    private final Executor database;
    private final AuthFailures failures;

    /** @param configuredRealm the realm to challenge with; empty challenges with the identity's domain */
    public DigestCheck(DigestAuthenticator authenticator, CachingSubscriberRepository subscribers, Replies replies,
                       AuthMetrics metrics, String configuredRealm, InstantSource clock, Executor database,
                       AuthFailures failures) {
        this.failures = failures;
        this.authenticator = authenticator;
        this.subscribers = subscribers;
        this.replies = replies;
        this.metrics = metrics;
        this.configuredRealm = configuredRealm;
        this.clock = clock;
        this.database = database;
    }

    /** The realm for a request whose identity (To of a REGISTER, From otherwise) is in {@code domain}. */
    public String realm(String domain) {
        return configuredRealm.isEmpty() ? domain.toLowerCase(Locale.ROOT) : configuredRealm;
    }

    /**
     * Answers the request itself (challenge, 400, 403, 500 with Retry-After, 503 when overloaded), or runs
     * {@code proceed} once its credentials for {@code realm} are good: on this thread, or on a database thread
     * after a cache miss.
     *
     * @param user the user the credentials must be for (the To user of a REGISTER, the From user otherwise)
     */
    public void check(SipProvider provider, Request request, DigestRole role, String realm, String user,
                      Runnable proceed) {
        try {
            checkOnSipThread(provider, request, role, realm, user, proceed);
        } catch (NonceStoreUnavailableException e) {
            nonceStoreUnavailable(provider, request, e);
        }
    }

    private void checkOnSipThread(SipProvider provider, Request request, DigestRole role, String realm, String user,
                                  Runnable proceed) {
        Instant now = clock.instant();
        Optional<DigestResponse> credentials = credentialsFor(request, role, realm);
        if (credentials.isEmpty()) {
            conclude(provider, request, role, realm, user, new AuthVerdict.Challenge(false, false), false, proceed);
            return;
        }
        DigestResponse response = credentials.get();
        Optional<AuthVerdict> early = authenticator.precheck(response, role, realm, user,
                request.getRequestURI().toString(), now);
        if (early.isPresent()) {
            // Decided before any password was compared (a nonce not ours, a wrong realm...): no guess, and nothing a
            // spoofed source could not send without ever having been challenged, so not counted against anyone.
            conclude(provider, request, role, realm, user, early.get(), false, proceed);
            return;
        }
        Optional<Optional<Subscriber>> cached = subscribers.cached(response.user(), realm);
        if (cached.isPresent()) {
            verify(provider, request, role, realm, user, response, cached.get(), proceed);
            return;
        }
        if (subscribers.isDown()) {
            unavailable(provider, request);
            return;
        }
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        try {
            database.execute(() -> {
                MDC.put("callId", callId == null ? "" : callId.getCallId());
                try {
                    verify(provider, request, role, realm, user, response, subscribers.find(response.user(), realm),
                            proceed);
                } catch (NonceStoreUnavailableException e) {
                    nonceStoreUnavailable(provider, request, e);
                } catch (CredentialsUnavailableException e) {
                    log.warn("cannot authenticate a {}: {}", request.getMethod(), e.getMessage());
                    unavailable(provider, request);
                } catch (RuntimeException e) {
                    // Off the SIP thread nobody else answers: whatever fails, the UA still gets a final reply.
                    log.error("failed to handle {}", request.getMethod(), e);
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

    private void verify(SipProvider provider, Request request, DigestRole role, String realm, String user,
                        DigestResponse response, Optional<Subscriber> subscriber, Runnable proceed) {
        AuthVerdict verdict = authenticator.verify(response, request.getMethod(), subscriber, fingerprint(request));
        conclude(provider, request, role, realm, user, verdict, true, proceed);
    }

    private void nonceStoreUnavailable(SipProvider provider, Request request, NonceStoreUnavailableException e) {
        log.warn("cannot authenticate a {}: {}", request.getMethod(), e.getMessage());
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

    /** @param guess whether a password was compared: only then does a failure count as a guess */
    private void conclude(SipProvider provider, Request request, DigestRole role, String realm, String user,
                          AuthVerdict verdict, boolean guess, Runnable proceed) {
        if (verdict instanceof AuthVerdict.Authenticated) {
            metrics.success();
            proceed.run();
        } else if (verdict instanceof AuthVerdict.Challenge challenge) {
            metrics.challenge();
            if (challenge.failure()) {
                metrics.failure();
                if (guess) {
                    failed(request, user, realm);
                }
            }
            replies.send(provider, replies.challenge(request, role,
                    authenticator.challenges(realm, challenge.stale(), clock.instant())));
        } else if (verdict instanceof AuthVerdict.Malformed malformed) {
            metrics.failure();
            log.debug("{} refused: {}", request.getMethod(), malformed.reason());
            replies.send(provider, replies.plain(request, Response.BAD_REQUEST, malformed.reason()));
        } else {
            metrics.failure();
            if (guess) {
                failed(request, user, realm);
            }
            String reason = ((AuthVerdict.Forbidden) verdict).reason();
            log.debug("{} refused: {}", request.getMethod(), reason);
            replies.send(provider, replies.plain(request, Response.FORBIDDEN, reason));
        }
    }

    /** A guess that failed, for the protection: who made it (the packet's source), and for whom. */
    private void failed(Request request, String user, String realm) {
        MessageChannel channel = (MessageChannel) ((SIPRequest) request).getMessageChannel();
        if (channel == null) {
            return;
        }
        String source = channel.getPeerPacketSourceAddress() != null
                ? channel.getPeerPacketSourceAddress().getHostAddress() : channel.getPeerAddress();
        if (source != null) {
            failures.failed(source, user + "@" + realm);
        }
    }

    /**
     * Removes the credentials a successful check used from a request about to be forwarded (Kamailio's
     * {@code consume_credentials}): the next hop has no use for them, and they would tell it our users' digests.
     * Credentials for other realms (a proxy further on) stay, in their order.
     */
    public static void consume(Request request, DigestRole role, String realm) {
        List<Header> kept = new ArrayList<>();
        boolean consumed = false;
        for (ListIterator<?> it = request.getHeaders(role.credentialsHeader()); it.hasNext(); ) {
            Header h = (Header) it.next();
            if (!consumed && h instanceof AuthorizationHeader a && isFor(a, realm)) {
                consumed = true;
            } else {
                kept.add(h);
            }
        }
        if (!consumed) {
            return;
        }
        request.removeHeader(role.credentialsHeader());
        kept.forEach(request::addHeader);
    }

    /** The first credentials header for our realm (a UA may carry several), as plain parameters. */
    static Optional<DigestResponse> credentialsFor(Request request, DigestRole role, String realm) {
        for (ListIterator<?> it = request.getHeaders(role.credentialsHeader()); it.hasNext(); ) {
            if (it.next() instanceof AuthorizationHeader h && isFor(h, realm)) {
                return Optional.of(new DigestResponse(param(h, "username"), param(h, "realm"), param(h, "nonce"),
                        param(h, "uri"), param(h, "response"), param(h, "algorithm"), param(h, "qop"), param(h, "nc"),
                        param(h, "cnonce")));
            }
        }
        return Optional.empty();
    }

    private static boolean isFor(AuthorizationHeader h, String realm) {
        return "digest".equalsIgnoreCase(h.getScheme()) && realm.equals(param(h, "realm"));
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
