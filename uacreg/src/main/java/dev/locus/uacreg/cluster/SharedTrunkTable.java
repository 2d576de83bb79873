package dev.locus.uacreg.cluster;

import dev.locus.uacreg.TrunkException;
import dev.locus.uacreg.TrunkException.Reason;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.TrunkTable;
import dev.locus.uacreg.TrunkView;
import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.trunk.Credentials;
import dev.locus.uacreg.trunk.CredentialsSource;
import dev.locus.uacreg.trunk.JdbcUacregSource;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRow;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregLoadException;
import dev.locus.uacreg.UacregRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.cluster.Member;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The uacreg table in the cluster's row and status maps: every node answers for every row. The rows go there
 * without their secrets ({@link TrunkRow}); a node reads those from the database when it needs them, so a reload
 * asks every member to compare the secrets it uses with the table's ({@link RecheckCredentials}).
 */
public final class SharedTrunkTable implements TrunkTable {

    private static final Logger log = LoggerFactory.getLogger(SharedTrunkTable.class);
    /** How long a reload waits for the members to read their trunks' secrets again. */
    private static final long RECHECK_WAIT_SECONDS = 10;

    private final TrunkMaps maps;
    private final JdbcUacregSource source;
    private final CredentialsSource credentials;
    private final Supplier<String> localMember;
    private final Predicate<String> liveMember;
    private final ReentrantLock reloading = new ReentrantLock();

    /**
     * @param localMember this node's Hazelcast member id: the holder of the rows it is given over RPC
     * @param liveMember  whether a member id is in the cluster now
     */
    public SharedTrunkTable(TrunkMaps maps, JdbcUacregSource source, CredentialsSource credentials,
                            Supplier<String> localMember, Predicate<String> liveMember) {
        this.maps = maps;
        this.source = source;
        this.credentials = credentials;
        this.localMember = localMember;
        this.liveMember = liveMember;
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
            Map<String, TrunkRow> next = new HashMap<>();
            for (UacregRow row : source.rows()) {
                next.put(row.key(), TrunkRow.of(row, ""));
            }
            Map<String, TrunkRow> current = new HashMap<>(maps.rows());
            Set<String> changed = new HashSet<>();
            Set<String> unchanged = new HashSet<>();
            int added = 0;
            int invalid = 0;
            Map<String, TrunkRow> writes = new HashMap<>();
            for (Map.Entry<String, TrunkRow> e : next.entrySet()) {
                TrunkRow before = current.get(e.getKey());
                if (TrunkRules.load(e.getValue()) instanceof TrunkLoad.Invalid bad) {
                    invalid++;
                    log.warn("uacreg row {} kept in error: {}", e.getKey(), bad.reason());
                }
                if (before == null) {
                    added++;
                } else if (before.equals(e.getValue())) {
                    unchanged.add(e.getKey());
                    continue;
                } else {
                    changed.add(e.getKey());
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
            // A row whose only change is its password or HA1 looks unchanged here: its owner finds out.
            Set<String> newSecrets = recheckEverywhere(Optional.empty());
            newSecrets.retainAll(unchanged);
            changed.addAll(newSecrets);
            unchanged.removeAll(newSecrets);
            Reload result = new Reload(added, changed.size(), removed, unchanged.size(), invalid);
            log.info("uacreg loaded: {}", result);
            return result;
        } finally {
            reloading.unlock();
        }
    }

    /**
     * Asks every member to read its trunks' secrets again; returns the rows whose secrets changed. A member that
     * does not answer in time keeps what it has until the next reload, and is logged.
     */
    private Set<String> recheckEverywhere(Optional<Collection<String>> keys) {
        Map<Member, Future<String[]>> answers = maps.recheck().submitToAllMembers(
                new RecheckCredentials(keys.map(List::copyOf).orElse(null)));
        Set<String> changed = new HashSet<>();
        for (Map.Entry<Member, Future<String[]>> answer : answers.entrySet()) {
            try {
                changed.addAll(List.of(answer.getValue().get(RECHECK_WAIT_SECONDS, TimeUnit.SECONDS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return changed;
            } catch (Exception e) {
                log.warn("member {} did not read its trunks' credentials again: {}", answer.getKey().getAddress(),
                        e.getCause() != null ? e.getCause().toString() : e.toString());
            }
        }
        return changed;
    }

    /** Every row with its status, in table order. */
    @Override
    public List<TrunkView> dump(boolean secrets) {
        Map<String, TrunkRow> rows = new HashMap<>(maps.rows());
        Map<String, TrunkStatus> status = maps.status().getAll(rows.keySet());
        Map<String, Credentials> table = secrets ? credentials.fromDatabase() : Map.of();
        List<TrunkView> views = new ArrayList<>();
        rows.forEach((key, row) -> views.add(view(row, status.get(key), secrets ? secretsOf(row, table) : null)));
        views.sort(Comparator.comparingLong((TrunkView v) -> v.row().id() == 0 ? Long.MAX_VALUE : v.row().id())
                .thenComparing(v -> v.row().lUuid()));
        return views;
    }

    /** A row's secrets as this node can read them: null when it cannot. */
    private Credentials secretsOf(TrunkRow row, Map<String, Credentials> table) {
        if (row.held()) {
            return row.heldBy().equals(localMember.get()) ? credentials.held(row.key()).orElse(null) : null;
        }
        return table.get(row.key());
    }

    /**
     * The first row matching Kamailio's filter attributes: {@code l_uuid}, {@code l_username}, {@code r_username},
     * {@code auth_username}.
     */
    @Override
    public TrunkView info(String attribute, String value, boolean secrets) {
        TrunkRow row = find(attribute, value);
        Credentials shown = null;
        if (secrets) {
            shown = row.held() ? secretsOf(row, Map.of())
                    : credentials.fromDatabase(row.key()).orElse(null);
        }
        return view(row, maps.status().get(row.key()), shown);
    }

    @Override
    public void enable(String attribute, String value) {
        TrunkRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withFlags(row.flags() & ~1));
    }

    @Override
    public void disable(String attribute, String value) {
        TrunkRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withFlags(row.flags() | 1));
    }

    /** Expires 0 from now on: the owner un-registers, and the row stays so until refreshed or reloaded. */
    @Override
    public void unregister(String attribute, String value) {
        TrunkRow row = find(attribute, value);
        maps.rows().set(row.key(), row.withExpires(0));
    }

    /** Kamailio 6's force-register: the owner sends a REGISTER now. */
    @Override
    public void register(String attribute, String value) {
        TrunkRow row = find(attribute, value);
        maps.registerNow().publish(row.key());
    }

    /**
     * Reloads one row from the database; a row gone from the table is an error (404), as in Kamailio.
     *
     * @throws UacregLoadException when the database cannot be read
     */
    @Override
    public void refresh(String lUuid) {
        TrunkRow row = source.row(lUuid).map(r -> TrunkRow.of(r, ""))
                .orElseThrow(() -> new TrunkException(Reason.NOT_FOUND, "Record not found"));
        TrunkRow before = maps.rows().get(lUuid);
        maps.rows().set(lUuid, row);
        boolean newSecrets = !recheckEverywhere(Optional.of(List.of(lUuid))).isEmpty();
        if (row.equals(before) && !newSecrets) {
            maps.registerNow().publish(lUuid);
        }
    }

    /**
     * An in-memory row (lost on reload, as in Kamailio), checked by the same rules as a loaded one. Its secrets are
     * kept on this node only, which registers it wherever its partition is; if this node leaves, the row stays
     * and fails until it is added again or reloaded.
     */
    @Override
    public void add(UacregRow row) {
        if (TrunkRules.load(row) instanceof TrunkLoad.Invalid bad) {
            throw new TrunkException(Reason.INVALID_ROW, bad.reason());
        }
        if (maps.rows().containsKey(row.lUuid())) {
            throw new TrunkException(Reason.DUPLICATE_UUID, "uuid already exists");
        }
        // Held before the row appears, so that this node finds the secrets as soon as it starts the trunk.
        CredentialsSource.Held token = credentials.hold(row.lUuid(), new Credentials(row.authPassword(), row.authHa1()));
        if (maps.rows().putIfAbsent(row.lUuid(), TrunkRow.of(row, localMember.get())) != null) {
            credentials.withdraw(row.lUuid(), token);
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
        List<TrunkView> views = dump(false);
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

    private TrunkRow find(String attribute, String value) {
        Objects.requireNonNull(value, "value");
        if (attribute.isEmpty() || value.isEmpty()) {
            throw new TrunkException(Reason.EMPTY_FILTER, "empty filter attribute or value");
        }
        if (attribute.equals("l_uuid")) {
            TrunkRow row = maps.rows().get(value);
            if (row == null) {
                throw new TrunkException(Reason.NOT_FOUND, "Record not found");
            }
            return row;
        }
        Predicate<TrunkRow> match = switch (attribute) {
            case "l_username" -> r -> r.lUsername().equals(value);
            case "r_username" -> r -> r.rUsername().equals(value);
            case "auth_username" -> r -> r.authUsername().equals(value);
            default -> throw new TrunkException(Reason.UNSUPPORTED_FILTER, "unsupported filter attribute: " + attribute);
        };
        Optional<TrunkRow> found = maps.rows().values().stream().filter(match)
                .min(Comparator.comparingLong(TrunkRow::id));
        return found.orElseThrow(() -> new TrunkException(Reason.NOT_FOUND, "Record not found"));
    }

    /** @param secrets the row's secrets to show; null when not asked for or not readable here */
    private TrunkView view(TrunkRow row, TrunkStatus status, Credentials secrets) {
        TrunkLoad load = TrunkRules.load(row);
        TrunkStatus shown = status;
        if (load instanceof TrunkLoad.Invalid bad) {
            shown = new TrunkStatus(row.lUuid(), "", TrunkState.INVALID,
                    new TrunkStatus.Activity((row.flags() & 1) != 0, false, false, false, false), row.expires(), 0, 0,
                    row.regDelay(), 0, bad.reason(), 0, 0, "", 0);
        } else if (row.held() && !liveMember.test(row.heldBy())) {
            shown = new TrunkStatus(row.lUuid(), "", TrunkState.FAILED,
                    new TrunkStatus.Activity((row.flags() & 1) != 0, false, false, false, true), row.expires(),
                    status == null ? 0 : status.timerExpires(), status == null ? 0 : status.regInit(),
                    row.regDelay(), 0, HOLDER_GONE, status == null ? 0 : status.failures(), 0,
                    status == null ? "" : status.contact(), 0);
        } else if (shown == null) {
            shown = TrunkStatus.unowned(row.lUuid(), row.expires(), row.regDelay(), "");
        }
        return new TrunkView(row.toRow(secrets == null ? new Credentials("", "") : secrets), shown, row.passwordSet(),
                row.ha1() != TrunkRow.Ha1.NONE, secrets != null);
    }

    static final String HOLDER_GONE = "added by uac.reg_add on a node that left the cluster: its credentials left "
            + "with it; add the row again or reload";

    /**
     * Where a request for a trunk's Contact goes: {@code sip:l_username@l_domain} of the row whose l_uuid is the
     * Request-URI user, in any state (as Kamailio's uac_reg_lookup).
     */
    @Override
    public Optional<String> localTarget(String lUuid) {
        if (lUuid == null || lUuid.isEmpty()) {
            return Optional.empty();
        }
        TrunkRow row = maps.rows().get(lUuid);
        return row == null ? Optional.empty() : Optional.of("sip:" + row.lUsername() + "@" + row.lDomain());
    }
}
