package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableMatch;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableUnavailableException;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** A table as one Hazelcast map, keyed by item name. */
final class HazelcastHtable implements Htable {

    /** An operation's bound: a member that owns the item and does not answer is taken as unreachable. */
    private static final long TIMEOUT_SECONDS = 5;
    /** How long a member waits while another loads the same table, and how long a load may hold the lock. */
    private static final long LOAD_WAIT_SECONDS = 60;
    private static final long LOAD_LEASE_SECONDS = 600;

    private final HtableSpec spec;
    private final IMap<String, HtItem> map;
    /** Per table, when a member last loaded it from the database; its key's lock serialises the loads. */
    private final IMap<String, Long> loads;
    private final InstantSource clock;
    /** Null for the quiet view that applies received changes. */
    private final Consumer<HtableChange> told;

    HazelcastHtable(HtableSpec spec, IMap<String, HtItem> map, IMap<String, Long> loads, InstantSource clock,
                    Consumer<HtableChange> told) {
        this.spec = spec;
        this.map = map;
        this.loads = loads;
        this.clock = clock;
        this.told = told;
    }

    /** The same table, telling nobody of its changes (what DMQ applies). */
    HazelcastHtable quiet() {
        return new HazelcastHtable(spec, map, loads, clock, null);
    }

    @Override
    public HtableSpec spec() {
        return spec;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Override
    public Optional<HtItem> get(String name) {
        HtItem item = await(map.getAsync(name));
        return item == null || (spec.expires() && item.expiredAt(now())) ? Optional.empty() : Optional.of(item);
    }

    @Override
    public void set(String name, HtValue value) {
        run(name, ItemOperation.Op.SET, value, 0);
        tell(new HtableChange.Set(spec.name(), name, value));
    }

    @Override
    public void setExpiring(String name, HtValue value, int seconds) {
        run(name, ItemOperation.Op.SET, value, Math.max(0, seconds));
        // Kamailio sends the two halves of sht_setx* as two actions.
        tell(new HtableChange.Set(spec.name(), name, value));
        tell(new HtableChange.Expire(spec.name(), name, seconds));
    }

    @Override
    public void expire(String name, int seconds) {
        if (!spec.expires()) {
            return;
        }
        run(name, ItemOperation.Op.EXPIRE, null, seconds);
        tell(new HtableChange.Expire(spec.name(), name, seconds));
    }

    @Override
    public boolean delete(String name) {
        boolean existed = await(map.removeAsync(name)) != null;
        tell(new HtableChange.Delete(spec.name(), name));
        return existed;
    }

    @Override
    public Optional<HtItem> add(String name, int delta) {
        Optional<HtItem> result = Optional.ofNullable(run(name, ItemOperation.Op.ADD, null, delta));
        result.ifPresent(item -> tell(new HtableChange.Set(spec.name(), name, item.value())));
        return result;
    }

    @Override
    public int removeMatching(HtableMatch match) {
        long removed = await(java.util.concurrent.CompletableFuture.supplyAsync(() ->
                map.executeOnEntries(new RemoveMatching(match, now(), spec.autoexpire())).values().stream()
                        .filter(Boolean.TRUE::equals).count()));
        tell(new HtableChange.RemoveMatching(spec.name(), match));
        return (int) removed;
    }

    @Override
    public void flush() {
        await(java.util.concurrent.CompletableFuture.runAsync(map::clear));
    }

    @Override
    public List<HtItem> items() {
        long now = now();
        return await(java.util.concurrent.CompletableFuture.supplyAsync(() -> List.copyOf(map.values()))).stream()
                .filter(i -> !(spec.expires() && i.expiredAt(now))).toList();
    }

    @Override
    public void load(List<HtItem> items) {
        long now = now();
        List<CompletionStage<HtItem>> pending = items.stream().map(i ->
                map.submitToKey(i.name(), ItemOperation.of(spec, ItemOperation.Op.LOAD, i.value(), i.expire(), now))).toList();
        pending.forEach(this::await);
    }

    @Override
    public void replace(List<HtItem> items) {
        whileLoading(() -> {
            replaceContent(items);
            return true;
        });
    }

    @Override
    public boolean replaceOnce(Supplier<List<HtItem>> items) {
        return whileLoading(() -> {
            if (await(loads.getAsync(spec.name())) != null) {
                return false;
            }
            replaceContent(items.get());
            return true;
        });
    }

    /** Load first, then remove the rest: readers never see the table empty in between. */
    private void replaceContent(List<HtItem> items) {
        load(items);
        Set<String> kept = items.stream().map(HtItem::name).collect(Collectors.toSet());
        Set<String> present = await(CompletableFuture.supplyAsync(() -> Set.copyOf(map.keySet())));
        present.stream().filter(name -> !kept.contains(name)).map(map::removeAsync).toList().forEach(this::await);
        await(loads.setAsync(spec.name(), now()));
    }

    private boolean whileLoading(Supplier<Boolean> load) {
        boolean locked;
        try {
            locked = loads.tryLock(spec.name(), LOAD_WAIT_SECONDS, TimeUnit.SECONDS, LOAD_LEASE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HtableUnavailableException("interrupted while waiting to load htable " + spec.name(), e);
        } catch (RuntimeException e) {
            throw new HtableUnavailableException("htable " + spec.name() + " cannot be locked for loading: " + e, e);
        }
        if (!locked) {
            throw new HtableUnavailableException("htable " + spec.name() + " is being loaded by another member for over "
                    + LOAD_WAIT_SECONDS + " s", null);
        }
        try {
            return load.get();
        } finally {
            try {
                loads.unlock(spec.name());
            } catch (IllegalMonitorStateException | com.hazelcast.core.HazelcastException e) {
                // The lease ran out (or the member is going): the lock is no longer ours to release.
            }
        }
    }

    @Override
    public Runnable watch(BiConsumer<String, Optional<HtItem>> watcher) {
        UUID id = map.addEntryListener(new Watcher(watcher), true);
        return () -> map.removeEntryListener(id);
    }

    private HtItem run(String name, ItemOperation.Op op, HtValue value, long amount) {
        return await(map.submitToKey(name, ItemOperation.of(spec, op, value, amount, now())));
    }

    private void tell(HtableChange change) {
        if (told != null) {
            told.accept(change);
        }
    }

    private <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HtableUnavailableException("interrupted while waiting for htable " + spec.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HtableUnavailableException("htable " + spec.name() + " did not answer: " + e, e);
        }
    }

    private record Watcher(BiConsumer<String, Optional<HtItem>> watcher) implements EntryAddedListener<String, HtItem>,
            EntryUpdatedListener<String, HtItem>, EntryRemovedListener<String, HtItem>,
            EntryExpiredListener<String, HtItem>, EntryEvictedListener<String, HtItem> {

        @Override
        public void entryAdded(EntryEvent<String, HtItem> event) {
            watcher.accept(event.getKey(), Optional.ofNullable(event.getValue()));
        }

        @Override
        public void entryUpdated(EntryEvent<String, HtItem> event) {
            watcher.accept(event.getKey(), Optional.ofNullable(event.getValue()));
        }

        @Override
        public void entryRemoved(EntryEvent<String, HtItem> event) {
            watcher.accept(event.getKey(), Optional.empty());
        }

        @Override
        public void entryExpired(EntryEvent<String, HtItem> event) {
            watcher.accept(event.getKey(), Optional.empty());
        }

        @Override
        public void entryEvicted(EntryEvent<String, HtItem> event) {
            watcher.accept(event.getKey(), Optional.empty());
        }
    }
}
