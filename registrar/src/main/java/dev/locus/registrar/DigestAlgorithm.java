package dev.locus.registrar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest algorithms offered in challenges (RFC 7616, RFC 8760), by their token in the header. */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    public String token() {
        return token;
    }

    /** An absent algorithm parameter means MD5 (RFC 2617). */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of the UTF-8 bytes of {@code text}. */
    public String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jcaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is required of every JDK", e);
        }
    }

    /** Whether {@code text} looks like this algorithm's hex digest (a stored HA1). */
    public boolean isHexDigest(String text) {
        int length = this == MD5 ? 32 : 64;
        return text.length() == length && text.toLowerCase(Locale.ROOT).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
