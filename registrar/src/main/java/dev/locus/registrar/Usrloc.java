package dev.locus.registrar;

import java.util.List;

/**
 * usrloc as operators drive it (the registrar's one table, {@code location}): look up, list, add and remove
 * bindings on any node, for the whole cluster. Reads never return an expired binding.
 *
 * @throws LocationUnavailableException from any method when the cluster cannot answer
 */
public interface Usrloc {

    /** The key the registrar stores an AOR under, from what an operator typed ({@code sip:Alice@Example.com}). */
    String aorKey(String typed);

    /** The AOR's live bindings; empty when it has none. */
    List<Binding> lookup(String aor);

    /** Every AOR with live bindings. */
    List<Bindings> dump();

    LocationStats stats();

    /** Adds (or replaces, by contact) one binding, applied as a REGISTER's change is. */
    void add(NewBinding binding);

    /** Removes every binding of the AOR; nothing happens when it has none. */
    void removeAor(String aor);

    ContactRemoval removeContact(String aor, String contact);

    /** What {@link #removeContact} found. */
    enum ContactRemoval {
        REMOVED,
        NO_SUCH_AOR,
        NO_SUCH_CONTACT
    }
}
