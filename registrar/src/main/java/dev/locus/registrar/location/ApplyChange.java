package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import com.hazelcast.map.EntryProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one entry processor of the location map: sweeps out what has expired (bindings and tombstones), runs a
 * {@link BindingChange}, and leaves a tombstone ({@link Removal}) for every binding the change removed, so that a
 * split-brain merge cannot bring it back. It is its own backup processor, which is why changes are deterministic.
 */
final class ApplyChange implements EntryProcessor<String, AorState, ChangeResult> {

    private final BindingChange change;

    ApplyChange(BindingChange change) {
        this.change = change;
    }

    BindingChange change() {
        return change;
    }

    @Override
    public ChangeResult process(Map.Entry<String, AorState> entry) {
        String aor = entry.getKey();
        AorState stored = entry.getValue();
        long now = change.now();
        List<Binding> live = new ArrayList<>();
        List<Binding> expired = new ArrayList<>();
        List<Removal> removals = new ArrayList<>();
        boolean purged = false;
        if (stored != null) {
            for (Binding b : stored.contacts()) {
                (b.isExpiredAt(now) ? expired : live).add(b);
            }
            for (Removal r : stored.removals()) {
                if (r.isPurgeableAt(now)) {
                    purged = true;
                } else {
                    removals.add(r);
                }
            }
        }
        ChangeResult result = change.apply(aor, List.copyOf(live)).withExpired(expired);
        boolean changed = result.changedAnything() || purged;
        // Stored only when something changed: a write is a re-encoded value and, with a backup, an operation on
        // the other member, which a sweep would otherwise cost every AOR at every pass.
        if (result.status() == ChangeStatus.APPLIED && changed) {
            result.removed().forEach(b -> removals.add(Removal.of(b, now)));
            store(entry, aor, result.current(), removals);
        } else if (!expired.isEmpty() || purged) {
            store(entry, aor, live, removals);
        }
        // A sweep's answers come back for every AOR a member owns, all at once: none for an AOR it left as it was.
        return change instanceof SweepExpired && !changed ? null : result;
    }

    private static void store(Map.Entry<String, AorState> entry, String aor, List<Binding> bindings,
                              List<Removal> removals) {
        entry.setValue(bindings.isEmpty() && removals.isEmpty() ? null : new AorState(aor, bindings, removals));
    }
}
