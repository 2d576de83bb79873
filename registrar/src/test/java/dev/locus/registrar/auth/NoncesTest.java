package dev.locus.registrar.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NoncesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final Nonces nonces = new Nonces("a shared cluster secret".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(300));

    @Test
    void aNonceIsValidOnEveryNodeSharingTheSecretUntilItExpires() {
        String nonce = nonces.issue(T0);
        Nonces otherNode = new Nonces("a shared cluster secret".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(300));
        assertThat(otherNode.check(nonce, T0.plusSeconds(299))).isEqualTo(Nonces.Check.VALID);
        assertThat(nonces.check(nonce, T0.plusSeconds(300))).isEqualTo(Nonces.Check.STALE);
    }

    @Test
    void aNonceUnderAnotherSecretOrTamperedWithIsInvalid() {
        String nonce = nonces.issue(T0);
        Nonces stranger = new Nonces("some other secret!!".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(300));
        assertThat(stranger.check(nonce, T0)).isEqualTo(Nonces.Check.INVALID);
        assertThat(nonces.check(replaceAt(nonce, 10), T0)).isEqualTo(Nonces.Check.INVALID);
        // the last character carries spare bits a lenient decoder drops: every other spelling must still be refused
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray()) {
            String other = nonce.substring(0, nonce.length() - 1) + c;
            if (!other.equals(nonce)) {
                assertThat(nonces.check(other, T0)).as(other).isEqualTo(Nonces.Check.INVALID);
            }
        }
        assertThat(nonces.check("not base64 at all!", T0)).isEqualTo(Nonces.Check.INVALID);
    }

    private static String replaceAt(String s, int i) {
        char c = s.charAt(i);
        return s.substring(0, i) + (c == 'A' ? 'B' : 'A') + s.substring(i + 1);
    }

    @Test
    void everyChallengeGetsItsOwnNonce() {
        assertThat(nonces.issue(T0)).isNotEqualTo(nonces.issue(T0));
    }
}
