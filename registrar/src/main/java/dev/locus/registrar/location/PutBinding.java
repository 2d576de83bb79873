package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds a binding, or replaces the one with the same contact string keeping its ruid (ul.add: "same contact
 * again = update").
 */
public record PutBinding(long now, Binding binding) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        List<Binding> next = new ArrayList<>(live.size() + 1);
        Binding replaced = null;
        for (Binding b : live) {
            if (replaced == null && b.contact().equals(binding.contact())) {
                replaced = b;
                next.add(binding.withRuid(b.ruid()));
            } else {
                next.add(b);
            }
        }
        if (replaced == null) {
            next.add(binding);
            return new ChangeResult(aor, ChangeStatus.APPLIED, next, List.of(binding), List.of(), List.of(), List.of());
        }
        return new ChangeResult(aor, ChangeStatus.APPLIED, next, List.of(),
                List.of(binding.withRuid(replaced.ruid())), List.of(), List.of());
    }
}
