package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.List;

/** Removes every binding of the AOR (ul.rm). An unknown AOR is not an error, as in Kamailio. */
public record RemoveAor(long now) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        return new ChangeResult(aor, ChangeStatus.APPLIED, List.of(), List.of(), List.of(), live, List.of());
    }
}
