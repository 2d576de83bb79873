package dev.locus.registrar.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Stateless nonces: issue time and a random part, authenticated by an HMAC under a secret every node shares, so
 * any node of a cluster verifies a nonce another issued, and nothing is stored per challenge.
 */
public final class Nonces {

    public enum Check { VALID, STALE, INVALID }

    private static final int PAYLOAD = 16;
    private static final int MAC = 16;

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    public Nonces(byte[] secret, Duration lifetime) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the nonce secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.lifetime = lifetime;
    }

    public String issue(Instant now) {
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD);
        payload.putLong(now.toEpochMilli());
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        payload.put(salt);
        byte[] p = payload.array();
        ByteBuffer nonce = ByteBuffer.allocate(PAYLOAD + MAC).put(p).put(mac(p), 0, MAC);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    public Check check(String nonce, Instant now) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        // The decoder ignores the spare bits of the last character: without this, several strings would name one
        // nonce, and nonce-count tracking keyed by the string could be dodged.
        if (raw.length != PAYLOAD + MAC || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(nonce)) {
            return Check.INVALID;
        }
        byte[] payload = new byte[PAYLOAD];
        System.arraycopy(raw, 0, payload, 0, PAYLOAD);
        byte[] expected = new byte[MAC];
        System.arraycopy(mac(payload), 0, expected, 0, MAC);
        byte[] given = new byte[MAC];
        System.arraycopy(raw, PAYLOAD, given, 0, MAC);
        if (!MessageDigest.isEqual(expected, given)) {
            return Check.INVALID;
        }
        Instant issued = Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
        if (issued.isAfter(now.plusSeconds(5)) || !issued.plus(lifetime).isAfter(now)) {
            return Check.STALE;
        }
        return Check.VALID;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }
}
