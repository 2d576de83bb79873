package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.List;

/** Drops expired bindings and nothing else; {@link ApplyChange} does the sweeping, this only keeps the rest. */
public record SweepExpired(long now) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        return ChangeResult.unchanged(aor, ChangeStatus.APPLIED, live);
    }
}
