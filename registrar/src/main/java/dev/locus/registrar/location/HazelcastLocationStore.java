package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.LocationStats;
import dev.locus.registrar.Binding;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * usrloc in a Hazelcast {@link IMap} keyed by AOR: partitioned, with synchronous backups, every change one entry
 * processor on the key's owner. A value holds the AOR's tombstones too ({@link Removal}), for the split-brain merge;
 * an AOR with only tombstones is stored until the sweep purges them, and no read ever shows them.
 */
public final class HazelcastLocationStore implements LocationStore {

    public static final String MAP_NAME = "usrloc.location";
    private static final Logger log = LoggerFactory.getLogger(HazelcastLocationStore.class);
    /** AORs swept per entry-processor call. */
    static final int SWEEP_CHUNK = 1_000;

    private final IMap<String, AorState> map;
    private final List<LocationListener> listeners = new CopyOnWriteArrayList<>();

    public HazelcastLocationStore(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(MAP_NAME);
    }

    /**
     * Adds the location map and its serializers to a member's configuration, before the member starts.
     * OBJECT format because the values are immutable records that the processors only read and replace.
     */
    public static void configure(Config config, int backupCount, List<CompactSerializer<?>> extraSerializers) {
        MapConfig mapConfig = new MapConfig(MAP_NAME)
                .setBackupCount(backupCount)
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setStatisticsEnabled(true);
        mapConfig.getMergePolicyConfig().setPolicy(BindingsMergePolicy.class.getName()).setBatchSize(100);
        config.addMapConfig(mapConfig);
        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        LocationSerializers.all().forEach(compact::addSerializer);
        extraSerializers.forEach(compact::addSerializer);
    }

    @Override
    public List<Binding> lookup(String aor, long nowSeconds) {
        AorState stored = map.get(aor);
        return stored == null ? List.of() : stored.liveAt(nowSeconds);
    }

    @Override
    public CompletionStage<List<Binding>> lookupAsync(String aor, long nowSeconds) {
        return map.getAsync(aor).thenApplyAsync(stored -> stored == null ? List.<Binding>of() : stored.liveAt(nowSeconds),
                Runnable::run);
    }

    /**
     * Completes with the result first, then tells the listeners: the caller's answer (a REGISTER's 200) goes out
     * before replication encodes and sends anything. Both run on the thread that completes Hazelcast's future.
     */
    @Override
    public CompletionStage<ChangeResult> apply(String aor, BindingChange change) {
        CompletableFuture<ChangeResult> answered = new CompletableFuture<>();
        map.submitToKey(aor, new ApplyChange(change)).whenCompleteAsync((result, failure) -> {
            if (failure != null) {
                answered.completeExceptionally(failure);
                return;
            }
            answered.complete(result);
            publish(change, result);
        }, Runnable::run);
        return answered;
    }

    @Override
    public Stream<Bindings> snapshot(long nowSeconds) {
        return map.values().stream()
                .map(state -> state.liveBindingsAt(nowSeconds))
                .filter(b -> !b.contacts().isEmpty());
    }

    @Override
    public LocationStats stats(long nowSeconds) {
        long users = 0;
        long contacts = 0;
        for (AorState b : map.values()) {
            int live = b.liveCount(nowSeconds);
            if (live > 0) {
                users++;
                contacts += live;
            }
        }
        return new LocationStats(users, contacts);
    }

    @Override
    public void addListener(LocationListener listener) {
        listeners.add(listener);
    }

    /**
     * Sweeps the keys this member owns; each member sweeps its own, so no key is swept twice. In chunks, so that a
     * pass over a million AORs holds a chunk's answers at a time, not a million.
     */
    void sweepLocalKeys(long nowSeconds) {
        SweepExpired sweep = new SweepExpired(nowSeconds);
        ApplyChange processor = new ApplyChange(sweep);
        Set<String> chunk = new HashSet<>();
        for (String key : map.localKeySet()) {
            chunk.add(key);
            if (chunk.size() == SWEEP_CHUNK) {
                sweep(chunk, processor, sweep);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            sweep(chunk, processor, sweep);
        }
    }

    private void sweep(Set<String> keys, ApplyChange processor, SweepExpired sweep) {
        for (ChangeResult result : map.executeOnKeys(keys, processor).values()) {
            if (result != null) {
                publish(sweep, result);
            }
        }
    }

    private ChangeResult publish(BindingChange cause, ChangeResult result) {
        if (result.changedAnything()) {
            for (LocationListener listener : listeners) {
                try {
                    listener.onChange(cause, result);
                } catch (RuntimeException e) {
                    // A failing observer must not fail the change that already happened.
                    log.error("location listener {} failed on a change of {}", listener, result.aor(), e);
                }
            }
        }
        return result;
    }
}
