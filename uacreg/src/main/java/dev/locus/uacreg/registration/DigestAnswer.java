package dev.locus.uacreg.registration;

import dev.locus.uacreg.trunk.Trunk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

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

    public static Result answer(Challenge challenge, Trunk trunk, String method, String cnonce) {
        String algorithm = challenge.algorithm().isEmpty() ? "MD5" : challenge.algorithm().toUpperCase(Locale.ROOT);
        String jca = switch (algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
        if (jca == null) {
            return new Failure("unsupported digest algorithm " + challenge.algorithm());
        }
        if (!trunk.realm().isEmpty() && !trunk.realm().equals(challenge.realm())) {
            return new Failure("realms do not match. requested realm: [" + challenge.realm() + "]");
        }
        String ha1;
        if (trunk.secretIsHa1()) {
            if (!jca.equals("MD5")) {
                return new Failure("auth_ha1 is an MD5 HA1: it cannot answer a " + algorithm + " challenge");
            }
            ha1 = trunk.secret();
        } else {
            ha1 = hex(jca, trunk.authUsername() + ":" + challenge.realm() + ":" + trunk.secret());
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

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }
}
