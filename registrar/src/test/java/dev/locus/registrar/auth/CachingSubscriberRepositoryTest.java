package dev.locus.registrar.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingSubscriberRepositoryTest {

    private static final Subscriber ALICE = new Subscriber("alice", "example.com", "pw", "", "");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final AtomicInteger queries = new AtomicInteger();
    private volatile boolean down;
    private final SubscriberRepository database = (user, domain) -> {
        queries.incrementAndGet();
        if (down) {
            throw new CredentialsUnavailableException("connection refused", new RuntimeException());
        }
        return user.equals("alice") ? Optional.of(ALICE) : Optional.empty();
    };
    private final CachingSubscriberRepository repository =
            new CachingSubscriberRepository(database, Duration.ofSeconds(10), 100, clock);

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void afterAFailedLookupFurtherLookupsFailWithoutAskingTheDatabase() {
        down = true;
        assertThatThrownBy(() -> repository.find("bob", "example.com")).isInstanceOf(CredentialsUnavailableException.class);
        assertThatThrownBy(() -> repository.find("carol", "example.com")).isInstanceOf(CredentialsUnavailableException.class);
        assertThat(queries).hasValue(1);
        assertThat(repository.isDown()).isTrue();
    }

    @Test
    void onceThePauseIsOverTheDatabaseIsAskedAgain() {
        down = true;
        assertThatThrownBy(() -> repository.find("bob", "example.com")).isInstanceOf(CredentialsUnavailableException.class);
        down = false;
        advance(CachingSubscriberRepository.RETRY_AFTER);
        assertThat(repository.find("alice", "example.com")).contains(ALICE);
        assertThat(repository.isDown()).isFalse();
    }

    @Test
    void aKnownUserIsServedFromItsLastGoodEntryWhileTheDatabaseIsDown() {
        repository.find("alice", "example.com");
        advance(Duration.ofMinutes(5));
        down = true;
        assertThat(repository.find("alice", "example.com")).contains(ALICE);
        assertThat(repository.cached("alice", "example.com")).contains(Optional.of(ALICE));
    }

    @Test
    void anExpiredEntryIsNotServedWhileTheDatabaseIsUp() {
        repository.find("alice", "example.com");
        advance(Duration.ofSeconds(10));
        assertThat(repository.cached("alice", "example.com")).isEmpty();
    }
}
