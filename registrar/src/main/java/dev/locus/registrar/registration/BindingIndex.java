package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;
import dev.locus.registrar.location.SipUri;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bindings in order, found by {@link RegisterChange#sameBinding} through a map keyed by what that comparison needs
 * equal ({@code +sip.instance} and reg-id, or the contact's {@link SipUri#contactKey}), so that matching n contacts
 * against m bindings costs n + m key computations and about n comparisons, not n × m: a REGISTER's cost must not
 * grow with the square of what a UA puts in it. Removed slots stay empty until {@link #bindings()}.
 */
final class BindingIndex {

    private final List<Binding> slots = new ArrayList<>();
    private final Map<String, List<Integer>> byKey = new HashMap<>();
    private long comparisons;

    BindingIndex(List<Binding> bindings) {
        bindings.forEach(this::add);
    }

    /** The position of the first binding {@code candidate} is the same binding as, or -1. */
    int find(Binding candidate) {
        for (int position : byKey.getOrDefault(key(candidate), List.of())) {
            Binding existing = slots.get(position);
            if (existing != null) {
                comparisons++;
                if (RegisterChange.sameBinding(existing, candidate)) {
                    return position;
                }
            }
        }
        return -1;
    }

    Binding get(int position) {
        return slots.get(position);
    }

    void add(Binding binding) {
        byKey.computeIfAbsent(key(binding), k -> new ArrayList<>(1)).add(slots.size());
        slots.add(binding);
    }

    /** Replaces a binding by one of the same key (a refresh keeps contact, instance and reg-id). */
    void set(int position, Binding binding) {
        slots.set(position, binding);
    }

    Binding remove(int position) {
        Binding removed = slots.get(position);
        slots.set(position, null);
        return removed;
    }

    /** The bindings still held, in the order they were added. */
    List<Binding> bindings() {
        List<Binding> held = new ArrayList<>(slots.size());
        for (Binding binding : slots) {
            if (binding != null) {
                held.add(binding);
            }
        }
        return held;
    }

    /** How many {@link RegisterChange#sameBinding} comparisons {@link #find} has made: the work it did. */
    long comparisons() {
        return comparisons;
    }

    /**
     * Equal for any two bindings {@link RegisterChange#sameBinding} finds the same: an instance's bindings by
     * instance and reg-id, the others by contact.
     */
    private static String key(Binding binding) {
        return binding.instance().isEmpty()
                ? "c" + SipUri.contactKey(binding.contact())
                : "i" + binding.regId() + "\0" + binding.instance();
    }
}
