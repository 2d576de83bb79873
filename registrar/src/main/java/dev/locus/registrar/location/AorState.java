package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import dev.locus.registrar.Bindings;

import java.util.List;
import java.util.Objects;

/**
 * The stored value of one address of record: its bindings in insertion order (expired ones until swept) and the
 * tombstones of its recent removals. Only the store and its merge see the tombstones; reads get {@link Bindings}.
 */
record AorState(String aor, List<Binding> contacts, List<Removal> removals) {

    AorState {
        Objects.requireNonNull(aor, "aor");
        contacts = List.copyOf(contacts);
        removals = List.copyOf(removals);
        for (Binding b : contacts) {
            if (!b.aor().equals(aor)) {
                throw new IllegalArgumentException("binding of " + b.aor() + " stored under " + aor);
            }
        }
    }

    List<Binding> liveAt(long nowSeconds) {
        return contacts.stream().filter(b -> !b.isExpiredAt(nowSeconds)).toList();
    }

    Bindings liveBindingsAt(long nowSeconds) {
        return new Bindings(aor, liveAt(nowSeconds));
    }
}
