package dev.locus.uacreg.cluster;

import dev.locus.uacreg.TrunkException;
import dev.locus.uacreg.TrunkException.Reason;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.TrunkTable;
import dev.locus.uacreg.TrunkView;
import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.trunk.JdbcUacregSource;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregLoadException;
import dev.locus.uacreg.UacregRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/** The uacreg table in the cluster's row and status maps: every node answers for every row. */
public final class SharedTrunkTable implements TrunkTable {

    private static final Logger log = LoggerFactory.getLogger(SharedTrunkTable.class);

    private final TrunkMaps maps;
    private final JdbcUacregSource source;
    private final ReentrantLock reloading = new ReentrantLock();

    public SharedTrunkTable(TrunkMaps maps, JdbcUacregSource source) {
        this.maps = maps;
        this.source = source;
    }

    /**
     * Loads the table and applies it as a diff. One reload at a time per node; reloads on several nodes at once
     * converge, as each writes what the database holds.
     *
     * @throws UacregLoadException when the database cannot be read: nothing changes
     */
    @Override
    public Reload reload() {
        reloading.lock();
        try {
            List<UacregRow> rows = source.rows();
            Map<String, UacregRow> next = new HashMap<>();
            for (UacregRow row : rows) {
                next.put(row.key(), row);
            }
            Map<String, UacregRow> current = new HashMap<>(maps.rows());
            int added = 0;
            int changed = 0;
            int unchanged = 0;
            int invalid = 0;
            Map<String, UacregRow> writes = new HashMap<>();
            for (Map.Entry<String, UacregRow> e : next.entrySet()) {
                UacregRow before = current.get(e.getKey());
                if (TrunkRules.load(e.getValue()) instanceof TrunkLoad.Invalid bad) {
                    invalid++;
                    log.warn("uacreg row {} kept in error: {}", e.getKey(), bad.reason());
                }
                if (before == null) {
                    added++;
                } else if (before.equals(e.getValue())) {
                    unchanged++;
                    continue;
                } else {
                    changed++;
                }
                writes.put(e.getKey(), e.getValue());
            }
            // One batch per partition owner instead of a round trip per row: a first load has thousands.
            maps.rows().putAll(writes);
            int removed = 0;
            for (String key : current.keySet()) {
                if (!next.containsKey(key)) {
                    maps.rows().delete(key);
                    removed++;
                }
            }
            Reload result = new Reload(added, changed, removed, unchanged, invalid);
            log.info("uacreg loaded: {}", result);
            return result;
        } finally {
            reloading.unlock();
        }
    }

    /** Every row with its status, in table order. */
    @Override
    public List<TrunkView> dump() {
        Map<String, UacregRow> rows = new HashMap<>(maps.rows());
        Map<String, TrunkStatus> status = maps.status().getAll(rows.keySet());
        List<TrunkView> views = new ArrayList<>();
        rows.forEach((key, row) -> views.add(view(row, status.get(key))));
        views.sort(Comparator.comparingLong((TrunkView v) -> v.row().id() == 0 ? Long.MAX_VALUE : v.row().id())
                .thenComparing(v -> v.row().lUuid()));
        return views;
    }

    /**
     * The first row matching Kamailio's filter attributes: {@code l_uuid}, {@code l_username}, {@code r_username},
     * {@code auth_username}.
     */
    @Override
    public TrunkView info(String attribute, String value) {
        UacregRow row = find(attribute, value);
        return view(row, maps.status().get(row.key()));
    }

    @Override
    public void enable(String attribute, String value) {
        UacregRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withFlags(row.flags() & ~1));
    }

    @Override
    public void disable(String attribute, String value) {
        UacregRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withFlags(row.flags() | 1));
    }

    /** Expires 0 from now on: the owner un-registers, and the row stays so until refreshed or reloaded. */
    @Override
    public void unregister(String attribute, String value) {
        UacregRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withExpires(0));
    }

    /** Kamailio 6's force-register: the owner sends a REGISTER now. */
    @Override
    public void register(String attribute, String value) {
        UacregRow row = find(attribute, value);
        maps.registerNow().publish(row.key());
    }

    /**
     * Reloads one row from the database; a row gone from the table is an error (404), as in Kamailio.
     *
     * @throws UacregLoadException when the database cannot be read
     */
    @Override
    public void refresh(String lUuid) {
        UacregRow row = source.row(lUuid).orElseThrow(() -> new TrunkException(Reason.NOT_FOUND, "Record not found"));
        UacregRow before = maps.rows().get(lUuid);
        maps.rows().set(lUuid, row);
        if (row.equals(before)) {
            maps.registerNow().publish(lUuid);
        }
    }

    /** An in-memory row (lost on reload, as in Kamailio), checked by the same rules as a loaded one. */
    @Override
    public void add(UacregRow row) {
        if (TrunkRules.load(row) instanceof TrunkLoad.Invalid bad) {
            throw new TrunkException(Reason.INVALID_ROW, bad.reason());
        }
        if (maps.rows().putIfAbsent(row.lUuid(), row) != null) {
            throw new TrunkException(Reason.DUPLICATE_UUID, "uuid already exists");
        }
    }

    /** Removes a row; its owner un-registers it first. */
    @Override
    public void remove(String lUuid) {
        if (maps.rows().remove(lUuid) == null) {
            throw new TrunkException(Reason.NOT_FOUND, "Record not found");
        }
    }

    @Override
    public boolean setActive(boolean on) {
        Integer before = maps.settings().put("active", on ? 1 : 0);
        return before == null || before != 0;
    }

    /** Rows by state, for {@code stats.get_statistics}. */
    @Override
    public Counts counts() {
        int registered = 0;
        int failed = 0;
        int disabled = 0;
        int invalid = 0;
        List<TrunkView> views = dump();
        for (TrunkView v : views) {
            TrunkState s = v.status().state();
            if (s == TrunkState.REGISTERED) {
                registered++;
            } else if (s == TrunkState.FAILED) {
                failed++;
            } else if (s == TrunkState.DISABLED) {
                disabled++;
            } else if (s == TrunkState.INVALID) {
                invalid++;
            }
        }
        return new Counts(views.size(), registered, failed, disabled, invalid);
    }

    private UacregRow find(String attribute, String value) {
        Objects.requireNonNull(value, "value");
        if (attribute.isEmpty() || value.isEmpty()) {
            throw new TrunkException(Reason.EMPTY_FILTER, "empty filter attribute or value");
        }
        if (attribute.equals("l_uuid")) {
            UacregRow row = maps.rows().get(value);
            if (row == null) {
                throw new TrunkException(Reason.NOT_FOUND, "Record not found");
            }
            return row;
        }
        Predicate<UacregRow> match = switch (attribute) {
            case "l_username" -> r -> r.lUsername().equals(value);
            case "r_username" -> r -> r.rUsername().equals(value);
            case "auth_username" -> r -> r.authUsername().equals(value);
            default -> throw new TrunkException(Reason.UNSUPPORTED_FILTER, "unsupported filter attribute: " + attribute);
        };
        Optional<UacregRow> found = maps.rows().values().stream().filter(match)
                .min(Comparator.comparingLong(UacregRow::id));
        return found.orElseThrow(() -> new TrunkException(Reason.NOT_FOUND, "Record not found"));
    }

    private static TrunkView view(UacregRow row, TrunkStatus status) {
        TrunkLoad load = TrunkRules.load(row);
        TrunkStatus shown = status;
        if (load instanceof TrunkLoad.Invalid bad) {
            shown = new TrunkStatus(row.lUuid(), "", TrunkState.INVALID,
                    new TrunkStatus.Activity((row.flags() & 1) != 0, false, false, false, false), row.expires(), 0, 0,
                    row.regDelay(), 0, bad.reason(), 0, 0, "", 0);
        } else if (shown == null) {
            shown = TrunkStatus.unowned(row.lUuid(), row.expires(), row.regDelay(), "");
        }
        return new TrunkView(row, shown);
    }

    /**
     * Where a request for a trunk's Contact goes: {@code sip:l_username@l_domain} of the row whose l_uuid is the
     * Request-URI user, in any state (as Kamailio's uac_reg_lookup).
     */
    @Override
    public Optional<String> localTarget(String lUuid) {
        if (lUuid == null || lUuid.isEmpty()) {
            return Optional.empty();
        }
        UacregRow row = maps.rows().get(lUuid);
        return row == null ? Optional.empty() : Optional.of("sip:" + row.lUsername() + "@" + row.lDomain());
    }
}
