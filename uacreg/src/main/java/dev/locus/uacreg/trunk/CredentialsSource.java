package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregLoadException;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where this node finds a trunk's secrets, which no cluster map holds: the database, read when a carrier
 * challenges a trunk this node registers, and kept while it registers it (a database that goes away does not stop
 * running trunks, as Kamailio's memory does not); or, for a row added by {@code uac.reg_add} on this node, the
 * secrets given there, kept here only.
 * <p>
 * What a trunk uses changes when the table is reloaded ({@link #recheck}), as in Kamailio, not when the database
 * is written. Safe for any thread; database reads run on {@code database}.
 */
public final class CredentialsSource implements CredentialsLookup {

    /** How long the database is taken as down after a failed read: meanwhile reads fail at once. */
    static final Duration DOWN_PAUSE = Duration.ofSeconds(5);

    /** Why a trunk has no secrets to answer a challenge with; the row fails with this reason. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /** Secrets given to this node by uac.reg_add; compared by identity, so a release never takes a newer add's. */
    public static final class Held {
        private final Credentials credentials;
        /** What this add replaced here, put back if the add is refused. */
        private final Held replaced;

        Held(Credentials credentials, Held replaced) {
            this.credentials = credentials;
            this.replaced = replaced;
        }
    }

    private final CredentialsReader reader;
    private final Executor database;
    private final InstantSource clock;
    private final Map<String, Credentials> inUse = new ConcurrentHashMap<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> downUntil = new AtomicReference<>(Instant.EPOCH);

    public CredentialsSource(CredentialsReader reader, Executor database, InstantSource clock) {
        this.reader = reader;
        this.database = database;
        this.clock = clock;
    }

    /**
     * The secrets to answer a challenge for the row: those held here, else those in use, else the database's.
     * Fails with {@link Unavailable} when the database cannot give them.
     */
    @Override
    public CompletableFuture<Credentials> lookup(String lUuid) {
        Held h = held.get(lUuid);
        if (h != null) {
            return CompletableFuture.completedFuture(h.credentials);
        }
        Credentials known = inUse.get(lUuid);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        if (down()) {
            return CompletableFuture.failedFuture(new Unavailable("credentials unavailable: database down", null));
        }
        return CompletableFuture.supplyAsync(() -> read(lUuid), database);
    }

    private Credentials read(String lUuid) {
        // A prefetch queued before this read may have brought them.
        Credentials known = inUse.get(lUuid);
        if (known != null) {
            return known;
        }
        Optional<Credentials> found;
        try {
            found = reader.credentials(lUuid);
        } catch (RuntimeException e) {
            downUntil.set(clock.instant().plus(DOWN_PAUSE));
            throw new Unavailable("credentials unavailable: " + e.getMessage(), e);
        }
        Credentials c = found.orElseThrow(() -> new Unavailable(
                "credentials unavailable: no row " + lUuid + " in the uacreg table (reload the table)", null));
        inUse.put(lUuid, c);
        return c;
    }

    private boolean down() {
        return downUntil.get().isAfter(clock.instant());
    }

    /**
     * Trunks that start here will be challenged: their secrets are read now, in a few queries for all of them,
     * rather than in one query per trunk as each is challenged (a first load or a takeover starts thousands).
     * A failure is left to the lookups, which report it per row.
     */
    public void prefetch(Collection<String> lUuids) {
        Set<String> wanted = new HashSet<>(lUuids);
        wanted.removeAll(held.keySet());
        wanted.removeAll(inUse.keySet());
        if (wanted.isEmpty() || down()) {
            return;
        }
        database.execute(() -> {
            try {
                reader.credentials(wanted).forEach(inUse::putIfAbsent);
            } catch (RuntimeException e) {
                downUntil.set(clock.instant().plus(DOWN_PAUSE));
            }
        });
    }

    /** The trunk no longer runs here: its secrets are read again if it comes back. */
    public void forget(String lUuid) {
        inUse.remove(lUuid);
    }

    /**
     * After a reload: reads the secrets of the rows in use here again ({@code keys} only, when given) and keeps
     * the new ones.
     *
     * @return the rows whose secrets changed: their trunks must register afresh
     * @throws UacregLoadException when the database cannot be read: nothing changes
     */
    public Set<String> recheck(Optional<Collection<String>> keys) {
        Set<String> candidates = new HashSet<>(inUse.keySet());
        keys.ifPresent(candidates::retainAll);
        if (candidates.isEmpty()) {
            return Set.of();
        }
        Map<String, Credentials> now = reader.credentials(candidates);
        Set<String> changed = new HashSet<>();
        for (String key : candidates) {
            Credentials fresh = now.get(key);
            // A row gone from the table keeps what it has: the reload removes it, and its un-REGISTER may be
            // challenged.
            if (fresh != null) {
                Credentials before = inUse.put(key, fresh);
                if (before != null && !before.equals(fresh)) {
                    changed.add(key);
                }
            }
        }
        return changed;
    }

    /** Keeps the secrets of a row added here over RPC. */
    public Held hold(String lUuid, Credentials credentials) {
        Held[] made = new Held[1];
        held.compute(lUuid, (key, before) -> made[0] = new Held(credentials, before));
        return made[0];
    }

    /** An add refused (its l_uuid exists): the secrets it replaced here are those of the existing row. */
    public void withdraw(String lUuid, Held token) {
        held.compute(lUuid, (key, now) -> now != token ? now : token.replaced);
    }

    /** The secrets this node holds for the row, if it holds them. */
    public Optional<Credentials> held(String lUuid) {
        return Optional.ofNullable(held.get(lUuid)).map(h -> h.credentials);
    }

    public Optional<Held> heldToken(String lUuid) {
        return Optional.ofNullable(held.get(lUuid));
    }

    /** Rows whose secrets this node holds. */
    public Set<String> heldKeys() {
        return Set.copyOf(held.keySet());
    }

    /** Drops held secrets, unless they were given again since {@code token} was taken. */
    public void release(String lUuid, Held token) {
        held.remove(lUuid, token);
    }

    /**
     * The secrets of every row of the table, for {@code uac.reg_dump}.
     *
     * @throws UacregLoadException when the database cannot be read
     */
    public Map<String, Credentials> fromDatabase() {
        return reader.allCredentials();
    }

    /** The secrets of one row of the table, empty when it has none. */
    public Optional<Credentials> fromDatabase(String lUuid) {
        return reader.credentials(lUuid);
    }
}
