package dev.locus.registrar;

import dev.locus.registrar.Binding;
import java.util.List;
import java.util.Objects;

/** The stored value of one address of record: its bindings, in insertion order. */
public record Bindings(String aor, List<Binding> contacts) {

    public Bindings {
        Objects.requireNonNull(aor, "aor");
        contacts = List.copyOf(contacts);
        for (Binding b : contacts) {
            if (!b.aor().equals(aor)) {
                throw new IllegalArgumentException("binding of " + b.aor() + " stored under " + aor);
            }
        }
    }

    public List<Binding> liveAt(long nowSeconds) {
        return contacts.stream().filter(b -> !b.isExpiredAt(nowSeconds)).toList();
    }
}
