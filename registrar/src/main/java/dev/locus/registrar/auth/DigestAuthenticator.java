package dev.locus.registrar.auth;

import dev.locus.registrar.DigestAlgorithm;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Digest authentication (RFC 2617, RFC 7616, RFC 8760) of REGISTER and of proxied requests, in two steps so the database is asked only
 * for requests that could succeed: {@link #precheck} needs no credentials, {@link #verify} does.
 *
 * <p>Credentials per subscriber row: the plaintext {@code password} when the row has one (any offered algorithm);
 * else {@code ha1} (or {@code ha1b} for a {@code user@domain} username), which Kamailio 5.6 stores as MD5 only.
 * An unknown user and a wrong password get the same 403, so answers do not reveal which accounts exist.
 */
public final class DigestAuthenticator {

    public static final String WRONG_CREDENTIALS = "Forbidden - wrong credentials";
    public static final String URI_MISMATCH = "Bad Request - digest uri does not match the Request-URI";

    private final Nonces nonces;
    private final NonceCounts counts;
    private final List<DigestAlgorithm> algorithms;

    public DigestAuthenticator(Nonces nonces, NonceCounts counts, List<DigestAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm must be offered");
        }
        this.nonces = nonces;
        this.counts = counts;
        this.algorithms = List.copyOf(algorithms);
    }

    /** Challenge header values (WWW- or Proxy-Authenticate), one per offered algorithm, in the configured order. */
    public List<String> challenges(String realm, boolean stale, Instant now) {
        String nonce = nonces.issue(now);
        return algorithms.stream().map(a -> "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm="
                + a.token() + (stale ? ", stale=true" : "")).toList();
    }

    /**
     * What can be decided without the subscriber's credentials; empty when they are needed.
     *
     * @param user the user the credentials must be for: the To user of a REGISTER, the From user otherwise
     */
    public Optional<AuthVerdict> precheck(DigestResponse r, DigestRole role, String realm, String user,
                                          String requestUri, Instant now) {
        if (!r.realm().equals(realm)) {
            return Optional.of(new AuthVerdict.Challenge(false, false));
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(r.algorithm());
        if (algorithm.isEmpty() || !algorithms.contains(algorithm.get())) {
            return Optional.of(new AuthVerdict.Challenge(false, true));
        }
        if (!r.qop().equalsIgnoreCase("auth") || r.nc().isEmpty() || r.cnonce().isEmpty() || parseNc(r.nc()) < 0) {
            return Optional.of(new AuthVerdict.Challenge(false, true));
        }
        switch (nonces.check(r.nonce(), now)) {
            case INVALID:
                return Optional.of(new AuthVerdict.Challenge(false, true));
            case STALE:
                return Optional.of(new AuthVerdict.Challenge(true, false));
            default:
                break;
        }
        // RFC 2617 3.2.2.5: the response covers the uri parameter, not the request line; without this check a
        // captured response would be good for any Request-URI.
        if (!r.uri().equalsIgnoreCase(requestUri)) {
            return Optional.of(new AuthVerdict.Malformed(URI_MISMATCH));
        }
        if (counts.exhausted(r.nonce())) {
            return Optional.of(new AuthVerdict.Challenge(false, true));
        }
        if (!r.user().equalsIgnoreCase(user)) {
            return Optional.of(new AuthVerdict.Forbidden(role.userMismatch()));
        }
        return Optional.empty();
    }

    /** The rest, once {@link #precheck} passed and the subscriber was looked up. */
    /** @param request a digest of the whole request: only a byte-identical retransmission may reuse a nonce count */
    public AuthVerdict verify(DigestResponse r, String method, Optional<Subscriber> subscriber, String request) {
        if (!matches(r, method, subscriber)) {
            counts.failed(r.nonce());
            return new AuthVerdict.Forbidden(WRONG_CREDENTIALS);
        }
        if (counts.use(r.nonce(), parseNc(r.nc()), request) == NonceCounts.Use.REPLAY) {
            return new AuthVerdict.Challenge(false, true);
        }
        return new AuthVerdict.Authenticated();
    }

    private static boolean matches(DigestResponse r, String method, Optional<Subscriber> subscriber) {
        if (subscriber.isEmpty()) {
            return false;
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromToken(r.algorithm()).orElseThrow();
        Optional<String> ha1 = ha1(subscriber.get(), r, algorithm);
        if (ha1.isEmpty()) {
            return false;
        }
        String expected = Digest.response(algorithm, ha1.get(), r.nonce(), r.nc(), r.cnonce(), r.qop(), method, r.uri());
        return java.security.MessageDigest.isEqual(expected.getBytes(), r.response().toLowerCase(Locale.ROOT).getBytes());
    }

    private static Optional<String> ha1(Subscriber s, DigestResponse r, DigestAlgorithm algorithm) {
        boolean withDomain = r.username().indexOf('@') >= 0;
        if (!s.password().isEmpty()) {
            return Optional.of(Digest.ha1(algorithm, r.username(), r.realm(), s.password()));
        }
        String stored = withDomain ? s.ha1b() : s.ha1();
        if (algorithm == DigestAlgorithm.MD5 && DigestAlgorithm.MD5.isHexDigest(stored)) {
            return Optional.of(stored.toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /** nc is 8 hex digits; -1 when it is not. */
    private static long parseNc(String nc) {
        if (nc.length() != 8) {
            return -1;
        }
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
