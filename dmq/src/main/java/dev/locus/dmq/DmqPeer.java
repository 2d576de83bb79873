package dev.locus.dmq;

/**
 * One payload channel on the DMQ bus ({@code usrloc}, {@code htable}), as Kamailio's {@code dmq_peer_t}: the bus
 * knows nothing else of it.
 */
public interface DmqPeer {

    String channel();

    /** Runs on a bus worker; keep waits short: the sender retransmits after 500 ms. */
    DmqReply onMessage(DmqMessage message);

    /** Once, after this node's first successful exchange with the cluster: e.g. request a full sync. */
    default void onJoined() {
    }

    /** A node has become active (it joined, or came back): e.g. send it what it may have missed. */
    default void onNodeActive(DmqNode node) {
    }
}
