package dev.locus.registrar.settings;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import dev.locus.registrar.LiveSettings;
import dev.locus.registrar.RuntimeSetting;
import dev.locus.registrar.RuntimeSettings;
import dev.locus.registrar.SettingsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The settings changed at run time, one entry per setting of a small Hazelcast map ({@code locus.cfg}, keyed
 * {@code registrar.default_expires}, ...): what is in the map wins over the node's configuration. Every node listens
 * to the map and keeps the values in effect in one volatile field, so a REGISTER reads them without asking the
 * cluster.
 *
 * <p>Hazelcast delivers a key's events in the order of its writes, so the last event of a key carries its latest
 * value; reading the map (at start, after a local change) and applying an event are done under one lock, so neither
 * can overwrite what the other applied later with something older for good.
 */
public final class HazelcastLiveSettings implements LiveSettings {

    private static final Logger log = LoggerFactory.getLogger(HazelcastLiveSettings.class);
    static final String MAP = "locus.cfg";
    private static final String GROUP = "registrar.";
    /** As long as the registrar waits for the store: a frozen member must not hang an operator's command. */
    private static final long TIMEOUT_SECONDS = 5;

    private final IMap<String, Long> map;
    private final RuntimeSettings configured;
    private final Object lock = new Object();
    private volatile RuntimeSettings current;

    public HazelcastLiveSettings(HazelcastInstance hazelcast, RuntimeSettings configured) {
        this.map = hazelcast.getMap(MAP);
        this.configured = configured;
        this.current = configured;
        map.addEntryListener(new Changes(), true);
        synchronized (lock) {
            Map<String, Long> all = read(() -> map.getAll(keys()));
            RuntimeSettings start = configured;
            for (RuntimeSetting s : RuntimeSetting.values()) {
                Long value = all.get(GROUP + s.key());
                if (value != null && s.accepts(value)) {
                    start = start.with(s, value);
                }
            }
            current = start;
        }
        if (!current.equals(configured)) {
            log.info("registrar settings changed at run time by the cluster are in effect: {}", current);
        }
    }

    /** Before the member starts: the map keeps a backup as the bindings do. */
    public static void configure(Config config, int backupCount) {
        MapConfig map = new MapConfig(MAP).setBackupCount(backupCount);
        // After a split brain, each setting keeps the side's latest change, as the operator who made it expects.
        map.getMergePolicyConfig().setPolicy(LatestUpdateMergePolicy.class.getName());
        map.setPerEntryStatsEnabled(true);
        config.addMapConfig(map);
    }

    @Override
    public RuntimeSettings current() {
        return current;
    }

    @Override
    public void set(RuntimeSetting setting, long value) {
        if (!setting.accepts(value)) {
            throw new IllegalArgumentException("registrar." + setting.key() + "=" + value + " is out of range ["
                    + setting.minimum() + ", " + RuntimeSetting.MAXIMUM + "]");
        }
        String key = GROUP + setting.key();
        read(() -> map.setAsync(key, value).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        // In effect here when the command returns; read back under the lock, so a later change from elsewhere that
        // arrived meanwhile is what stays.
        synchronized (lock) {
            Long now = read(() -> map.getAsync(key).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            apply(setting, now);
        }
        log.info("registrar.{} set to {} for the cluster", setting.key(), value);
    }

    private void apply(RuntimeSetting setting, Long value) {
        long effective = value != null && setting.accepts(value) ? value : configured.get(setting);
        current = current.with(setting, effective);
    }

    private static Set<String> keys() {
        return Arrays.stream(RuntimeSetting.values()).map(s -> GROUP + s.key()).collect(Collectors.toSet());
    }

    private interface Call<T> {
        T run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static <T> T read(Call<T> call) {
        try {
            return call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SettingsUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new SettingsUnavailableException("the cluster did not answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }

    private final class Changes implements EntryAddedListener<String, Long>, EntryUpdatedListener<String, Long>,
            EntryRemovedListener<String, Long> {

        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Long> event) {
            changed(event.getKey(), null);
        }

        private void changed(String key, Long value) {
            Optional<RuntimeSetting> setting = key.startsWith(GROUP)
                    ? RuntimeSetting.byKey(key.substring(GROUP.length())) : Optional.empty();
            if (setting.isEmpty()) {
                return;
            }
            long before;
            long after;
            synchronized (lock) {
                before = current.get(setting.get());
                apply(setting.get(), value);
                after = current.get(setting.get());
            }
            // The node that made the change may have applied it already; it logged it then.
            if (before != after) {
                log.info("registrar.{} is now {} (changed in the cluster)", setting.get().key(), after);
            }
        }
    }
}
