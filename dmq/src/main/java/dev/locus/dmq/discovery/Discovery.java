package dev.locus.dmq.discovery;

import java.util.Optional;

/** Where the cluster's nodes are found: one name (or address) expanded to node URIs, asked again on a timer. */
public interface Discovery {

    /** The nodes the name stands for now, as {@code sip:<ip>:<port>}, or why DNS could not say. */
    Resolution resolve();

    /** One host name to one address (for lines that name hosts); empty when it does not resolve. */
    Optional<String> resolveHost(String host);
}
