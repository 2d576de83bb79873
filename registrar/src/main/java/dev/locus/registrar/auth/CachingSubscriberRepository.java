package dev.locus.registrar.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps lookups for a short while, unknown users included, so that a registration storm (every UA registers
 * twice per cycle: challenge, then credentials) does not become a query storm.
 *
 * <p>When the database fails, it is taken as down for {@link #RETRY_AFTER}: lookups fail at once instead of each
 * waiting out a connection timeout (a burst would otherwise queue behind a few threads and go unanswered), then
 * one lookup tries the database again. Meanwhile users looked up before are served from their last good entry,
 * kept for {@link #STALE_FOR} however old it is.
 */
public final class CachingSubscriberRepository implements SubscriberRepository {

    /** How long the database is taken as down after a failed lookup, also the Retry-After given meanwhile. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** How long a last good entry may serve while the database is down. */
    public static final Duration STALE_FOR = Duration.ofHours(1);

    private record Key(String username, String domain) {
    }

    private record Entry(Optional<Subscriber> subscriber, Instant fetched) {
    }

    private final SubscriberRepository source;
    private final Duration ttl;
    private final InstantSource clock;
    private final Cache<Key, Entry> cache;
    /** Until when the database is taken as down; EPOCH when it is up. */
    private final AtomicReference<Instant> downUntil = new AtomicReference<>(Instant.EPOCH);

    public CachingSubscriberRepository(SubscriberRepository source, Duration ttl, long maxEntries, InstantSource clock) {
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(STALE_FOR.plus(ttl)).maximumSize(maxEntries).build();
    }

    /**
     * The answer to use without a query, if there is one: a fresh entry, or the last good one while the database
     * is down. Lets callers stay on their thread when no query is needed.
     */
    public Optional<Optional<Subscriber>> cached(String username, String domain) {
        Entry e = cache.getIfPresent(new Key(username, domain));
        if (e == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (e.fetched().plus(ttl).isAfter(now) || isDown(now)) {
            return Optional.of(e.subscriber());
        }
        return Optional.empty();
    }

    /** Whether the database is taken as down: a lookup without a last good entry would fail at once. */
    public boolean isDown() {
        return isDown(clock.instant());
    }

    private boolean isDown(Instant now) {
        return downUntil.get().isAfter(now);
    }

    @Override
    public Optional<Subscriber> find(String username, String domain) {
        Key key = new Key(username, domain);
        Optional<Optional<Subscriber>> known = cached(username, domain);
        if (known.isPresent()) {
            return known.get();
        }
        Instant now = clock.instant();
        Instant until = downUntil.get();
        // While down, fail at once; once the pause is over, only the lookup that claims the retry tries the database.
        if (until.isAfter(now) || (!until.equals(Instant.EPOCH) && !downUntil.compareAndSet(until, now.plus(RETRY_AFTER)))) {
            throw new CredentialsUnavailableException("subscriber database down, retrying in at most "
                    + RETRY_AFTER.toSeconds() + " s");
        }
        Optional<Subscriber> found;
        try {
            found = source.find(username, domain);
        } catch (CredentialsUnavailableException e) {
            downUntil.set(clock.instant().plus(RETRY_AFTER));
            Entry last = cache.getIfPresent(key);
            if (last != null) {
                return last.subscriber();
            }
            throw e;
        }
        downUntil.set(Instant.EPOCH);
        cache.put(key, new Entry(found, clock.instant()));
        return found;
    }
}
