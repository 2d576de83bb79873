package dev.locus.registrar.auth;

import com.hazelcast.map.EntryProcessor;
import dev.locus.registrar.DigestAlgorithm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest check as the registrar and the proxy use it: the same rules, only whose user it is differs. */
class DigestAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String REALM = "example.com";
    private static final String URI = "sip:bob@example.com";
    private static final Subscriber ALICE = new Subscriber("alice", REALM, "alice-pw", "", "");

    private final Nonces nonces = new Nonces("digest-authenticator-test".getBytes(), Duration.ofMinutes(5));
    private final DigestAuthenticator authenticator = new DigestAuthenticator(nonces,
            new NonceCounts(new InMemoryRecords(), Duration.ofSeconds(1)), List.of(DigestAlgorithm.MD5));

    /** A map that runs the steps where they are asked: the single-member case of the cluster map. */
    private static final class InMemoryRecords implements NonceRecords {
        private final Map<String, String> map = new ConcurrentHashMap<>();

        @Override
        public synchronized CompletionStage<Integer> submit(String nonce, EntryProcessor<String, String, Integer> step) {
            Map.Entry<String, String> entry = new AbstractMap.SimpleEntry<>(nonce, map.get(nonce)) {
                @Override
                public String setValue(String value) {
                    map.put(nonce, value);
                    return super.setValue(value);
                }
            };
            return CompletableFuture.completedFuture(step.process(entry));
        }

        @Override
        public CompletionStage<String> get(String nonce) {
            return CompletableFuture.completedFuture(map.get(nonce));
        }
    }

    private DigestResponse answer(String username, String password, String method) {
        String nonce = nonces.issue(NOW);
        String ha1 = Digest.ha1(DigestAlgorithm.MD5, username, REALM, password);
        String response = Digest.response(DigestAlgorithm.MD5, ha1, nonce, "00000001", "c1", "auth", method, URI);
        return new DigestResponse(username, REALM, nonce, URI, response, "MD5", "auth", "00000001", "c1");
    }

    @Test
    void theProxyRefusesCredentialsOfAnotherUserThanTheFrom() {
        assertThat(authenticator.precheck(answer("alice", "alice-pw", "INVITE"), DigestRole.PROXY, REALM, "mallory",
                URI, NOW)).contains(new AuthVerdict.Forbidden("Forbidden - authentication user does not match From"));
    }

    @Test
    void theRegistrarRefusesCredentialsOfAnotherUserThanTheTo() {
        assertThat(authenticator.precheck(answer("alice", "alice-pw", "REGISTER"), DigestRole.REGISTRAR, REALM,
                "mallory", URI, NOW)).contains(new AuthVerdict.Forbidden("Forbidden - authentication user does not match To"));
    }

    @Test
    void theFromUsersCredentialsForTheMethodAuthenticate() {
        DigestResponse r = answer("alice", "alice-pw", "INVITE");
        assertThat(authenticator.precheck(r, DigestRole.PROXY, REALM, "Alice", URI, NOW)).isEmpty();
        assertThat(authenticator.verify(r, "INVITE", Optional.of(ALICE), "invite-1"))
                .isEqualTo(new AuthVerdict.Authenticated());
    }

    @Test
    void aResponseComputedForAnotherMethodIsWrong() {
        DigestResponse r = answer("alice", "alice-pw", "REGISTER");
        assertThat(authenticator.verify(r, "INVITE", Optional.of(ALICE), "invite-1"))
                .isEqualTo(new AuthVerdict.Forbidden(DigestAuthenticator.WRONG_CREDENTIALS));
    }

    @Test
    void theSameCredentialsOnAnotherRequestAreAReplay() {
        DigestResponse r = answer("alice", "alice-pw", "INVITE");
        assertThat(authenticator.verify(r, "INVITE", Optional.of(ALICE), "invite-1")).isEqualTo(new AuthVerdict.Authenticated());
        assertThat(authenticator.verify(r, "INVITE", Optional.of(ALICE), "invite-1"))
                .as("a retransmission").isEqualTo(new AuthVerdict.Authenticated());
        assertThat(authenticator.verify(r, "INVITE", Optional.of(ALICE), "invite-2"))
                .isEqualTo(new AuthVerdict.Challenge(false, true));
    }
}
