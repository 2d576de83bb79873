package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import dev.locus.registrar.Bindings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The stored value of one address of record: its bindings in insertion order (expired ones until swept) and the
 * tombstones of its recent removals. Only the store and its merge see the tombstones; reads get {@link Bindings}.
 */
record AorState(String aor, List<Binding> contacts, List<Removal> removals) {

    /**
     * Tombstones kept per AOR, the newest: a user who registers and removes fresh contacts in a loop would
     * otherwise grow the value (and the cost of every change to it, which copies it) for as long as a tombstone
     * lives. Ten times {@code registrar.max_contacts}' default; past it, a merge after a partition may bring back
     * one of the oldest removed bindings until it expires, which is the lesser harm.
     */
    static final int MAX_REMOVALS = 100;

    AorState {
        Objects.requireNonNull(aor, "aor");
        removals = newest(removals);
        List<Binding> sharing = new ArrayList<>(contacts.size());
        for (Binding b : contacts) {
            if (!b.aor().equals(aor)) {
                throw new IllegalArgumentException("binding of " + b.aor() + " stored under " + aor);
            }
            // One AOR string per stored value, not one per binding besides.
            sharing.add(b.withAorInstance(aor));
        }
        contacts = List.copyOf(sharing);
    }

    private static List<Removal> newest(List<Removal> removals) {
        if (removals.size() <= MAX_REMOVALS) {
            return List.copyOf(removals);
        }
        // A stable sort: equal times keep their order, so every member (and a backup) keeps the same ones.
        List<Removal> byTime = removals.stream().sorted(Comparator.comparingLong(Removal::removedAt)).toList();
        return List.copyOf(byTime.subList(byTime.size() - MAX_REMOVALS, byTime.size()));
    }

    List<Binding> liveAt(long nowSeconds) {
        return contacts.stream().filter(b -> !b.isExpiredAt(nowSeconds)).toList();
    }

    Bindings liveBindingsAt(long nowSeconds) {
        return new Bindings(aor, liveAt(nowSeconds));
    }
}
