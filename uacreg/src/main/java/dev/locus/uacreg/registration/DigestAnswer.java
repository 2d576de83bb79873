package dev.locus.uacreg.registration;

import dev.locus.uacreg.trunk.Credentials;
import dev.locus.uacreg.trunk.Trunk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A trunk's answer to a carrier's challenge, in the form Kamailio 5.6's uac module writes it
 * ({@code Digest username="U", realm="R", nonce="N", uri="sip:r_domain"[, opaque="O"][, qop=auth, nc=00000001,
 * cnonce="C"], response="X", algorithm=A}), for MD5 and, unlike 5.6, SHA-256.
 */
public final class DigestAnswer {

    /** The header value, or why the trunk cannot answer (the row then fails with this reason). */
    public sealed interface Result {
    }

    public record Header(String value) implements Result {
    }

    public record Failure(String reason) implements Result {
    }

    private DigestAnswer() {
    }

    /**
     * Why the trunk cannot answer this challenge whatever its secrets are, checked before they are read: a
     * challenge the trunk must refuse costs no database read.
     */
    public static Optional<Failure> refusal(Challenge challenge, Trunk trunk) {
        String algorithm = algorithm(challenge);
        if (jca(algorithm) == null) {
            return Optional.of(new Failure("unsupported digest algorithm " + challenge.algorithm()));
        }
        if (!trunk.realm().isEmpty() && !trunk.realm().equals(challenge.realm())) {
            return Optional.of(new Failure("realms do not match. requested realm: [" + challenge.realm() + "]"));
        }
        return trunk.ha1() ? ha1Refusal(algorithm) : Optional.empty();
    }

    public static Result answer(Challenge challenge, Trunk trunk, Credentials credentials, String method,
                                String cnonce) {
        Optional<Failure> refused = refusal(challenge, trunk);
        if (refused.isPresent()) {
            return refused.get();
        }
        String algorithm = algorithm(challenge);
        String jca = jca(algorithm);
        if (credentials.password().isEmpty() && !credentials.isHa1()) {
            return new Failure("no password value provided");
        }
        String ha1;
        if (credentials.isHa1()) {
            Optional<Failure> ha1Refused = ha1Refusal(algorithm);
            if (ha1Refused.isPresent()) {
                return ha1Refused.get();
            }
            ha1 = credentials.secret();
        } else {
            ha1 = hex(jca, trunk.authUsername() + ":" + challenge.realm() + ":" + credentials.password());
        }
        String uri = "sip:" + trunk.rDomain();
        String ha2 = hex(jca, method + ":" + uri);
        boolean qop = challenge.offersAuthQop();
        String nc = "00000001";
        String response = qop
                ? hex(jca, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : hex(jca, ha1 + ":" + challenge.nonce() + ":" + ha2);
        StringBuilder h = new StringBuilder("Digest username=\"").append(trunk.authUsername())
                .append("\", realm=\"").append(challenge.realm())
                .append("\", nonce=\"").append(challenge.nonce())
                .append("\", uri=\"").append(uri).append('"');
        if (!challenge.opaque().isEmpty()) {
            h.append(", opaque=\"").append(challenge.opaque()).append('"');
        }
        if (qop) {
            h.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        h.append(", response=\"").append(response).append("\", algorithm=").append(algorithm);
        return new Header(h.toString());
    }

    private static Optional<Failure> ha1Refusal(String algorithm) {
        return "MD5".equals(jca(algorithm)) ? Optional.empty()
                : Optional.of(new Failure("auth_ha1 is an MD5 HA1: it cannot answer a " + algorithm + " challenge"));
    }

    private static String algorithm(Challenge challenge) {
        return challenge.algorithm().isEmpty() ? "MD5" : challenge.algorithm().toUpperCase(Locale.ROOT);
    }

    private static String jca(String algorithm) {
        return switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
