package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.Binding;
import com.hazelcast.map.EntryProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one entry processor of the location map: sweeps out what has expired, then runs a {@link BindingChange}.
 * It is its own backup processor, which is why changes are deterministic.
 */
final class ApplyChange implements EntryProcessor<String, Bindings, ChangeResult> {

    private final BindingChange change;

    ApplyChange(BindingChange change) {
        this.change = change;
    }

    BindingChange change() {
        return change;
    }

    @Override
    public ChangeResult process(Map.Entry<String, Bindings> entry) {
        String aor = entry.getKey();
        Bindings stored = entry.getValue();
        long now = change.now();
        List<Binding> live = new ArrayList<>();
        List<Binding> expired = new ArrayList<>();
        if (stored != null) {
            for (Binding b : stored.contacts()) {
                (b.isExpiredAt(now) ? expired : live).add(b);
            }
        }
        ChangeResult result = change.apply(aor, List.copyOf(live)).withExpired(expired);
        if (result.status() == ChangeStatus.APPLIED) {
            store(entry, aor, result.current());
        } else if (!expired.isEmpty()) {
            store(entry, aor, live);
        }
        return result;
    }

    private static void store(Map.Entry<String, Bindings> entry, String aor, List<Binding> bindings) {
        entry.setValue(bindings.isEmpty() ? null : new Bindings(aor, bindings));
    }
}
