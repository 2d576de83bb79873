package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import dev.locus.registrar.Bindings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The stored value of one address of record: its bindings in insertion order (expired ones until swept) and the
 * tombstones of its recent removals. Only the store and its merge see the tombstones; reads get {@link Bindings}.
 * Immutable; the bindings are held in their stored form ({@link StoredBinding}) and rebuilt when read.
 */
final class AorState {

    /**
     * Tombstones kept per AOR, the newest: a user who registers and removes fresh contacts in a loop would
     * otherwise grow the value (and the cost of every change to it, which copies it) for as long as a tombstone
     * lives. Ten times {@code registrar.max_contacts}' default; past it, a merge after a partition may bring back
     * one of the oldest removed bindings until it expires, which is the lesser harm.
     */
    static final int MAX_REMOVALS = 100;

    private final String aor;
    private final StoredBinding[] contacts;
    private final List<Removal> removals;

    AorState(String aor, List<Binding> contacts, List<Removal> removals) {
        this.aor = Objects.requireNonNull(aor, "aor");
        this.removals = newest(removals);
        this.contacts = new StoredBinding[contacts.size()];
        for (int i = 0; i < this.contacts.length; i++) {
            Binding b = contacts.get(i);
            if (!b.aor().equals(aor)) {
                throw new IllegalArgumentException("binding of " + b.aor() + " stored under " + aor);
            }
            this.contacts[i] = StoredBinding.of(b);
        }
    }

    String aor() {
        return aor;
    }

    /** The bindings, rebuilt: one AOR string shared by all of them. */
    List<Binding> contacts() {
        List<Binding> bindings = new ArrayList<>(contacts.length);
        for (StoredBinding b : contacts) {
            bindings.add(b.toBinding(aor));
        }
        return Collections.unmodifiableList(bindings);
    }

    List<Removal> removals() {
        return removals;
    }

    /** How many bindings are live at {@code nowSeconds}, without rebuilding them. */
    int liveCount(long nowSeconds) {
        int live = 0;
        for (StoredBinding b : contacts) {
            if (!b.isExpiredAt(nowSeconds)) {
                live++;
            }
        }
        return live;
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
        List<Binding> live = new ArrayList<>(contacts.length);
        for (StoredBinding b : contacts) {
            if (!b.isExpiredAt(nowSeconds)) {
                live.add(b.toBinding(aor));
            }
        }
        return Collections.unmodifiableList(live);
    }

    Bindings liveBindingsAt(long nowSeconds) {
        return new Bindings(aor, liveAt(nowSeconds));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AorState other && aor.equals(other.aor) && contacts().equals(other.contacts())
                && removals.equals(other.removals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(aor, contacts(), removals);
    }

    @Override
    public String toString() {
        return "AorState[aor=" + aor + ", contacts=" + contacts() + ", removals=" + removals + "]";
    }
}
