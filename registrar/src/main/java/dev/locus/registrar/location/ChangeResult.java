package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one change to one address of record: the bindings as they now are, and the delta that
 * listeners (statistics, replication) act on. Expired bindings swept out on the way are reported apart,
 * because Kamailio does not replicate expiry.
 */
public record ChangeResult(String aor, ChangeStatus status, List<Binding> current, List<Binding> added,
                           List<Binding> updated, List<Binding> removed, List<Binding> expired) {

    public ChangeResult {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(status, "status");
        current = List.copyOf(current);
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        removed = List.copyOf(removed);
        expired = List.copyOf(expired);
    }

    public static ChangeResult unchanged(String aor, ChangeStatus status, List<Binding> current) {
        return new ChangeResult(aor, status, current, List.of(), List.of(), List.of(), List.of());
    }

    public ChangeResult withExpired(List<Binding> sweptOut) {
        return new ChangeResult(aor, status, current, added, updated, removed, sweptOut);
    }

    public boolean changedAnything() {
        return !added.isEmpty() || !updated.isEmpty() || !removed.isEmpty() || !expired.isEmpty();
    }
}
