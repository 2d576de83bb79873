package dev.locus.registrar;

/** usrloc on the DMQ bus, towards the Kamailio nodes of the cluster. */
public interface UsrlocReplication {

    /** Bindings sent in full-sync answers, counted once per receiving node. */
    long syncedBindings();

    /** Live changes (inserts, updates, removals) sent, counted once per receiving node. */
    long changesSent();

    /** KDMQ messages that carried the live changes (one change alone, or a {@code multi} batch), per node. */
    long messagesSent();
}
