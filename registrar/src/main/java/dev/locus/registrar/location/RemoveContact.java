package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the binding whose contact is exactly {@code contact} (ul.rm_contact matches the URI string, as
 * Kamailio does). Nothing to remove is {@link ChangeStatus#IGNORED}.
 */
public record RemoveContact(long now, String contact) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        List<Binding> kept = new ArrayList<>(live.size());
        List<Binding> removed = new ArrayList<>(1);
        for (Binding b : live) {
            (b.contact().equals(contact) ? removed : kept).add(b);
        }
        if (removed.isEmpty()) {
            return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
        }
        return new ChangeResult(aor, ChangeStatus.APPLIED, kept, List.of(), List.of(), removed, List.of());
    }
}
