package dev.locus.registrar;

/** The replicated htables on the DMQ bus, towards the Kamailio nodes of the cluster. */
public interface HtableReplication {

    /** Items sent in full-sync answers, counted once per receiving node. */
    long syncedItems();
}
