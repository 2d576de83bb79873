package dev.locus.uacreg.engine;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.cluster.Ownership;
import dev.locus.uacreg.cluster.TrunkMaps;
import dev.locus.uacreg.registration.TrunkContext;
import dev.locus.uacreg.registration.TrunkRegistration;
import dev.locus.uacreg.trunk.CredentialsSource;
import dev.locus.uacreg.trunk.Trunk;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRow;
import dev.locus.uacreg.trunk.TrunkRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the trunks this node owns. One reconcile compares the rows of the partitions this member owns with the
 * registrations running here: it starts the new ones (clearing a previous owner's contact), updates changed
 * ones, un-registers rows that were removed, and silences trunks whose partition moved away. It runs on every
 * row change, membership or migration event, and on a short timer as a safety net. A row added over RPC on this
 * node is registered here, wherever its partition is: only this node has its secrets.
 */
public final class TrunkEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrunkEngine.class);

    private final TrunkContext context;
    private final TrunkMaps maps;
    private final Ownership ownership;
    private final Duration startSpread;
    /** Changed on the engine thread only; concurrent so the reconcile thread can take a snapshot of its keys. */
    private final Map<String, TrunkRegistration> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reader;
    private final Map<String, TrunkRegistration> stopping = new HashMap<>();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicBoolean active;
    private final CredentialsSource credentials;
    private final String localMember;
    private boolean firstPass = true;
    /** Set first on close: Hazelcast goes on delivering events while the node stops. */
    private volatile boolean closed;
    private final Runnable unsubscribe;

    /** @param active the reg_active switch the context reads; kept equal to the cluster's setting here */
    public TrunkEngine(TrunkContext context, TrunkMaps maps, Ownership ownership, AtomicBoolean active,
                       ScheduledExecutorService reader, Duration startSpread, Duration reconcileInterval,
                       CredentialsSource credentials) {
        this.context = context;
        this.credentials = credentials;
        this.localMember = ownership.localMemberId();
        this.reader = reader;
        this.active = active;
        active.set(maps.active());
        this.maps = maps;
        this.ownership = ownership;
        this.startSpread = startSpread;
        UUID rows = maps.rows().addLocalEntryListener(new RowListener());
        UUID settings = maps.settings().addEntryListener(new SettingsListener(), true);
        UUID registerNow = maps.registerNow().addMessageListener(m -> context.executor().execute(() -> {
            TrunkRegistration r = running.get(m.getMessageObject());
            if (r != null) {
                r.registerNow();
            }
        }));
        Runnable ownershipEvents = ownership.onChange(this::requestReconcile);
        this.unsubscribe = () -> {
            maps.rows().removeEntryListener(rows);
            maps.settings().removeEntryListener(settings);
            maps.registerNow().removeMessageListener(registerNow);
            ownershipEvents.run();
        };
        long every = reconcileInterval.toMillis();
        reader.scheduleWithFixedDelay(this::requestReconcile, 0, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Coalesces bursts of events into one pass. The cluster is read on the reconcile thread, in batches; only the
     * result is applied on the engine thread, which must stay free for the timers that pace REGISTERs.
     */
    public void requestReconcile() {
        if (!closed && reconcileQueued.compareAndSet(false, true)) {
            reader.execute(() -> {
                reconcileQueued.set(false);
                try {
                    Snapshot snapshot = read();
                    context.executor().execute(() -> apply(snapshot));
                } catch (RuntimeException e) {
                    // A partition in flux, or this member shutting down: the next pass sees a settled cluster.
                    if (ownership.running()) {
                        log.warn("trunk reconcile deferred: {}", e.toString());
                    }
                }
            });
        }
    }

    /**
     * What this member should run now: its rows, the last published status of those not running here yet, which
     * of the rows running here were removed (rather than moved away), and the secrets this node holds for rows
     * that are no longer its own (a reload replaced them with rows of the table).
     */
    private record Snapshot(Map<String, TrunkRow> owned, Map<String, TrunkStatus> previous, Set<String> removed,
                            Map<String, CredentialsSource.Held> notHeldHere) {
    }

    private Snapshot read() {
        // Hazelcast's key set answers contains() by iterating: a copy, since every row is looked up in it.
        Set<String> ownedKeys = new HashSet<>(ownership.ownedKeys());
        Set<String> heldKeys = ownership.hasQuorum() ? credentials.heldKeys() : Set.of();
        Set<String> wanted = new HashSet<>(ownedKeys);
        wanted.addAll(heldKeys);
        Map<String, TrunkRow> rows = wanted.isEmpty() ? Map.of() : maps.rows().getAll(wanted);
        Map<String, TrunkRow> owned = new HashMap<>();
        Map<String, CredentialsSource.Held> notHeldHere = new HashMap<>();
        for (Map.Entry<String, TrunkRow> e : rows.entrySet()) {
            TrunkRow row = e.getValue();
            boolean mine = row.held() ? row.heldBy().equals(localMember) : ownedKeys.contains(e.getKey());
            if (mine) {
                owned.put(e.getKey(), row);
            }
            if (!row.heldBy().equals(localMember)) {
                credentials.heldToken(e.getKey()).ifPresent(token -> notHeldHere.put(e.getKey(), token));
            }
        }
        Set<String> here = Set.copyOf(running.keySet());
        Set<String> fresh = new HashSet<>(owned.keySet());
        fresh.removeAll(here);
        Map<String, TrunkStatus> previous = fresh.isEmpty() ? Map.of() : maps.status().getAll(fresh);
        Set<String> removed = new HashSet<>();
        if (ownership.hasQuorum()) {
            for (String key : here) {
                if (!owned.containsKey(key) && !maps.rows().containsKey(key)) {
                    removed.add(key);
                }
            }
        }
        return new Snapshot(owned, previous, removed, notHeldHere);
    }

    private void apply(Snapshot snapshot) {
        if (closed) {
            return;
        }
        snapshot.notHeldHere().forEach(credentials::release);
        Set<String> started = new HashSet<>();
        for (Map.Entry<String, TrunkRow> e : snapshot.owned().entrySet()) {
            String key = e.getKey();
            TrunkLoad load = TrunkRules.load(e.getValue());
            TrunkRegistration current = running.get(key);
            if (load instanceof TrunkLoad.Valid valid) {
                if (current == null) {
                    start(key, valid.trunk(), snapshot.previous().get(key));
                    started.add(key);
                } else {
                    current.update(valid.trunk());
                }
            } else if (current != null) {
                stop(key, TrunkRegistration.Stop.REMOVED);
            }
        }
        credentials.prefetch(started);
        for (String key : new HashSet<>(running.keySet())) {
            if (!snapshot.owned().containsKey(key)) {
                stop(key, snapshot.removed().contains(key) ? TrunkRegistration.Stop.REMOVED
                        : TrunkRegistration.Stop.MOVED);
            }
        }
        firstPass = false;
    }

    /** A reload found other secrets for these rows: those running here register afresh. */
    public void credentialsChanged(Set<String> keys) {
        if (keys.isEmpty() || closed) {
            return;
        }
        context.executor().execute(() -> keys.forEach(key -> {
            TrunkRegistration r = running.get(key);
            if (r != null) {
                r.credentialsChanged();
            }
        }));
    }

    private void start(String key, Trunk trunk, TrunkStatus previous) {
        if (stopping.containsKey(key)) {
            log.debug("trunk {}: still stopping here, started later", key);
            return;
        }
        String previousContact = previous == null ? "" : previous.contact();
        boolean takeover = previous != null && !previous.owner().isEmpty()
                && !previous.owner().equals(context.owner()) && !previousContact.isEmpty();
        TrunkRegistration registration = new TrunkRegistration(context, trunk, previousContact);
        running.put(key, registration);
        log.debug("trunk {}: started here (previous owner {}, contact {})", key,
                previous == null ? "none" : previous.owner(), previousContact);
        if (takeover) {
            log.info("trunk {}: taking over from {} (contact {} cleared)", key, previous.owner(), previousContact);
        }
        // A trunk taken over was registered a moment ago: it goes at once (paced); a fresh load is spread out.
        Duration delay = takeover || !firstPass || startSpread.isZero() ? Duration.ZERO
                : Duration.ofMillis(ThreadLocalRandom.current().nextLong(startSpread.toMillis() + 1));
        registration.start(delay);
    }

    private void stop(String key, TrunkRegistration.Stop why) {
        TrunkRegistration registration = running.remove(key);
        if (registration == null) {
            return;
        }
        stopping.put(key, registration);
        log.debug("trunk {}: stopping here ({})", key, why);
        // A row added here again meanwhile holds new secrets under a new token: those stay.
        var heldToken = credentials.heldToken(key);
        registration.stop(why, () -> {
            log.debug("trunk {}: stopped here", key);
            stopping.remove(key);
            credentials.forget(key);
            if (why == TrunkRegistration.Stop.REMOVED) {
                maps.status().removeAsync(key);
                heldToken.ifPresent(token -> credentials.release(key, token));
            }
            // The row may have come back here meanwhile.
            requestReconcile();
        });
    }

    /** Graceful stop: the trunks go quiet here and their new owners take them over, clearing our contacts. */
    @Override
    public void close() {
        closed = true;
        try {
            unsubscribe.run();
        } catch (RuntimeException e) {
            log.debug("trunk listeners already gone: {}", e.toString());
        }
        try {
            CompletableFuture.runAsync(() -> {
                for (String key : new HashSet<>(running.keySet())) {
                    stop(key, TrunkRegistration.Stop.SHUTDOWN);
                }
            }, context.executor()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("trunks did not stop cleanly: {}", e.toString());
        }
    }

    private final class RowListener implements EntryAddedListener<String, TrunkRow>,
            EntryUpdatedListener<String, TrunkRow>, EntryRemovedListener<String, TrunkRow> {
        @Override
        public void entryAdded(EntryEvent<String, TrunkRow> event) {
            requestReconcile();
        }

        @Override
        public void entryUpdated(EntryEvent<String, TrunkRow> event) {
            requestReconcile();
        }

        @Override
        public void entryRemoved(EntryEvent<String, TrunkRow> event) {
            requestReconcile();
        }
    }

    private final class SettingsListener implements EntryAddedListener<String, Integer>,
            EntryUpdatedListener<String, Integer> {
        @Override
        public void entryAdded(EntryEvent<String, Integer> event) {
            activeChanged(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Integer> event) {
            activeChanged(event);
        }

        private void activeChanged(EntryEvent<String, Integer> event) {
            if (!"active".equals(event.getKey())) {
                return;
            }
            context.executor().execute(() -> {
                active.set(event.getValue() == null || event.getValue() != 0);
                running.values().forEach(TrunkRegistration::activeChanged);
            });
        }
    }
}
