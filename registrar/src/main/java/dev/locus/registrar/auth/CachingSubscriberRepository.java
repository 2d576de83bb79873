package dev.locus.registrar.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps lookups for a short while, unknown users included, so that a registration storm (every UA registers
 * twice per cycle: challenge, then credentials) does not become a query storm. Failures are not kept.
 */
public final class CachingSubscriberRepository implements SubscriberRepository {

    private record Key(String username, String domain) {
    }

    private final SubscriberRepository source;
    private final Cache<Key, Optional<Subscriber>> cache;

    public CachingSubscriberRepository(SubscriberRepository source, Duration ttl, long maxEntries) {
        this.source = source;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    }

    /** The cached answer, if there is one: lets callers stay on their thread when no query is needed. */
    public Optional<Optional<Subscriber>> cached(String username, String domain) {
        return Optional.ofNullable(cache.getIfPresent(new Key(username, domain)));
    }

    @Override
    public Optional<Subscriber> find(String username, String domain) {
        return cache.get(new Key(username, domain), k -> source.find(k.username(), k.domain()));
    }
}
