package dev.locus.node.fuzz;

/** Where a fuzz message goes, and from whom. */
enum Target {
    /** The SIP port over UDP, from an address the node knows nothing of. */
    SIP_UDP("sip-udp", "UDP"),
    /** The SIP port over TCP: a few connections, reused, reopened when the node closes one. */
    SIP_TCP("sip-tcp", "TCP"),
    /** The DMQ port from an address that is no DMQ node: everything must be refused, nothing applied. */
    DMQ_STRANGER("dmq-stranger", "UDP"),
    /**
     * The DMQ port from the address of a (stand-in) Kamailio node, whose KDMQ the node applies: broken usrloc and
     * htable bodies from a trusted peer must cost a clear error, never a failure.
     */
    DMQ_PEER("dmq-peer", "UDP");

    final String label;
    final String transport;

    Target(String label, String transport) {
        this.label = label;
        this.transport = transport;
    }
}
