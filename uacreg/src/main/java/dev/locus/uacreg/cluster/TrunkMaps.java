package dev.locus.uacreg.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.trunk.TrunkRow;

/**
 * The cluster's trunk state: the rows (loaded from the database or added over RPC, keyed by l_uuid, so a row
 * lives in the partition that decides its owner), each row's status as its owner last published it, the global
 * reg_active switch, a topic that asks the owner of a row to register it now, and the executor that asks every
 * member to read its trunks' secrets again after a reload. None of them holds a secret: every member of the
 * cluster, and whoever joins it, reads them.
 */
public record TrunkMaps(IMap<String, TrunkRow> rows, IMap<String, TrunkStatus> status,
                        IMap<String, Integer> settings, ITopic<String> registerNow, IExecutorService recheck) {

    static final String ROWS = "uacreg.rows";
    static final String STATUS = "uacreg.status";
    static final String SETTINGS = "uacreg.settings";
    static final String REGISTER_NOW = "uacreg.register-now";
    static final String RECHECK = "uacreg.recheck";

    public static void configure(Config config, int backupCount) {
        for (String name : new String[]{ROWS, STATUS, SETTINGS}) {
            config.addMapConfig(new MapConfig(name).setBackupCount(backupCount).setInMemoryFormat(InMemoryFormat.OBJECT));
        }
        var compact = config.getSerializationConfig().getCompactSerializationConfig();
        UacregSerializers.all().forEach(compact::addSerializer);
    }

    public static TrunkMaps of(HazelcastInstance hazelcast) {
        return new TrunkMaps(hazelcast.getMap(ROWS), hazelcast.getMap(STATUS), hazelcast.getMap(SETTINGS),
                hazelcast.getTopic(REGISTER_NOW), hazelcast.getExecutorService(RECHECK));
    }

    public boolean active() {
        Integer v = settings.get("active");
        return v == null || v != 0;
    }
}
