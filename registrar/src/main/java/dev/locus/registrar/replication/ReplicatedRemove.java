package dev.locus.registrar.replication;

import dev.locus.registrar.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;

import java.util.ArrayList;
import java.util.List;

/** A deletion received from a Kamailio node (dmq_usrloc action 2): by ruid only; an unknown ruid changes nothing. */
public record ReplicatedRemove(long now, String ruid) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        List<Binding> kept = new ArrayList<>(live.size());
        List<Binding> removed = new ArrayList<>(1);
        for (Binding b : live) {
            (b.ruid().equals(ruid) ? removed : kept).add(b);
        }
        if (removed.isEmpty()) {
            return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
        }
        return new ChangeResult(aor, ChangeStatus.APPLIED, kept, List.of(), List.of(), removed, List.of());
    }
}
