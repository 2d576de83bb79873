package dev.locus.registrar.htable;

import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableLoader;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.Htable;
import dev.locus.registrar.Htables;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.HtableLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;

/**
 * Loads the tables that have a {@code dbtable} from the database: once per cluster at start, and again on
 * {@code htable.reload}. Neither is replicated over DMQ (as Kamailio: each node loads its own copy).
 */
public final class HtableDatabase implements HtableLoader {

    private static final Logger log = LoggerFactory.getLogger(HtableDatabase.class);

    private final Htables htables;
    private final HtableSource source;
    private final boolean dbExpires;
    private final InstantSource clock;

    /** @param dbExpires Kamailio's {@code db_expires}: read the {@code expires} column (tables with autoexpire) */
    public HtableDatabase(Htables htables, HtableSource source, boolean dbExpires, InstantSource clock) {
        this.htables = htables;
        this.source = source;
        this.dbExpires = dbExpires;
        this.clock = clock;
    }

    @Override
    public void loadAtStart() {
        for (HtableSpec spec : htables.specs()) {
            if (spec.dbtable().isEmpty()) {
                continue;
            }
            Htable table = htables.table(spec.name()).orElseThrow();
            try {
                if (!table.replaceOnce(() -> read(spec))) {
                    log.info("htable {}: already loaded in the cluster, not loaded again from {}", spec.name(),
                            spec.dbtable());
                }
            } catch (HtableLoadException | HtableUnavailableException e) {
                log.error("htable {}: not loaded at start ({}); htable.reload loads it", spec.name(), e.getMessage());
            }
        }
    }

    @Override
    public void reload(Htable table) {
        HtableSpec spec = table.spec();
        if (spec.dbtable().isEmpty()) {
            throw new IllegalArgumentException("htable " + spec.name() + " has no dbtable");
        }
        table.replace(read(spec));
    }

    private java.util.List<HtItem> read(HtableSpec spec) {
        var rows = source.rows(spec.dbtable(), HtableRows.columns(spec, dbExpires));
        HtableLoad load = HtableRows.read(spec, dbExpires, clock.instant().getEpochSecond(), rows);
        for (HtableLoad.Skipped s : load.skipped()) {
            log.warn("htable {}: row {} of database table {} ({}) skipped: {}", spec.name(), s.row(), spec.dbtable(),
                    s.key() == null ? "NULL key" : "key " + HtableRows.shown(s.key()), s.reason());
        }
        log.info("htable {}: {} item(s) from {} row(s) of database table {} ({} skipped, {} expired)", spec.name(),
                load.items().size(), rows.size(), spec.dbtable(), load.skipped().size(), load.expired());
        return load.items();
    }
}
