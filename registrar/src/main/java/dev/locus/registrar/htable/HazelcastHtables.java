package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableListener;
import dev.locus.registrar.Htable;
import dev.locus.registrar.Htables;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every configured table as a Hazelcast map named {@code htable.<name>}, partitioned with usrloc's backups. */
public final class HazelcastHtables implements Htables {

    static final String MAP_PREFIX = "htable.";
    /** Outside {@link #MAP_PREFIX}, where a table's name could clash. */
    static final String LOADS_MAP = "htable-loads";

    private final List<HtableSpec> specs;
    private final Map<String, HazelcastHtable> tables = new LinkedHashMap<>();
    private final Map<String, HazelcastHtable> quiet = new LinkedHashMap<>();
    private final List<HtableListener> listeners = new CopyOnWriteArrayList<>();

    public HazelcastHtables(List<HtableSpec> specs, HazelcastInstance hazelcast, InstantSource clock) {
        this.specs = List.copyOf(specs);
        IMap<String, Long> loads = hazelcast.getMap(LOADS_MAP);
        for (HtableSpec spec : specs) {
            HazelcastHtable table = new HazelcastHtable(spec, hazelcast.getMap(MAP_PREFIX + spec.name()), loads, clock,
                    change -> listeners.forEach(l -> l.onChange(change)));
            tables.put(spec.name(), table);
            quiet.put(spec.name(), table.quiet());
        }
    }

    /** Before the member starts: map settings and serializers. */
    public static void configure(Config config, int backupCount) {
        MapConfig maps = new MapConfig(MAP_PREFIX + "*")
                .setBackupCount(backupCount)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                // After a split brain, each item keeps its latest write, as an operator setting it last expects.
                .setPerEntryStatsEnabled(true)
                .setStatisticsEnabled(true);
        maps.getMergePolicyConfig().setPolicy(LatestUpdateMergePolicy.class.getName());
        config.addMapConfig(maps);
        config.addMapConfig(new MapConfig(LOADS_MAP).setBackupCount(backupCount));
        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        HtableSerializers.all().forEach(compact::addSerializer);
    }

    @Override
    public List<HtableSpec> specs() {
        return specs;
    }

    @Override
    public Optional<Htable> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    @Override
    public void addListener(HtableListener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean applyReceived(HtableChange change) {
        HazelcastHtable table = quiet.get(change.table());
        if (table == null) {
            return false;
        }
        if (change instanceof HtableChange.Set s) {
            table.set(s.name(), s.value());
        } else if (change instanceof HtableChange.Expire e) {
            table.expire(e.name(), e.seconds());
        } else if (change instanceof HtableChange.Delete d) {
            table.delete(d.name());
        } else if (change instanceof HtableChange.RemoveMatching r) {
            table.removeMatching(r.match());
        }
        return true;
    }

    @Override
    public boolean applySynced(String table, String name, HtValue value, long expire) {
        HazelcastHtable t = quiet.get(table);
        if (t == null) {
            return false;
        }
        t.load(List.of(new HtItem(name, value, expire)));
        return true;
    }

    @Override
    public boolean applySynced(String table, List<HtItem> items) {
        HazelcastHtable t = quiet.get(table);
        if (t == null) {
            return false;
        }
        t.load(items);
        return true;
    }
}
