package dev.locus.registrar;

/** usrloc on the DMQ bus, towards the Kamailio nodes of the cluster. */
public interface UsrlocReplication {

    /** Bindings sent in full-sync answers, counted once per receiving node. */
    long syncedBindings();
}
