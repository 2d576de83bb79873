package dev.locus.registrar.proxy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** The proxy's transaction counts, with the meaning of Kamailio's tm/tmx statistics. */
public final class ProxyStats {

    private final AtomicLong server = new AtomicLong();
    private final AtomicLong client = new AtomicLong();
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLongArray finals = new AtomicLongArray(7);
    private final AtomicLong relayed = new AtomicLong();

    void serverTransaction() {
        server.incrementAndGet();
    }

    void clientTransaction() {
        client.incrementAndGet();
    }

    void opened() {
        inUse.incrementAndGet();
    }

    void closed() {
        inUse.decrementAndGet();
    }

    void relayed() {
        relayed.incrementAndGet();
    }

    /** A final answer the proxy's transactions sent upstream. */
    void reply(int status) {
        int cls = status / 100;
        if (cls >= 2 && cls <= 6) {
            finals.incrementAndGet(cls);
        }
    }

    /** Transactions created for requests received (tmx:UAS_transactions). */
    public long serverTransactions() {
        return server.get();
    }

    /** Transactions created for requests sent (tmx:UAC_transactions). */
    public long clientTransactions() {
        return client.get();
    }

    /** Proxied requests still waiting for their branches (tmx:inuse_transactions). */
    public long inUse() {
        return inUse.get();
    }

    /** Final answers of class {@code cls} (2..6) sent upstream (tmx:2xx_transactions …). */
    public long finals(int cls) {
        return finals.get(cls);
    }

    /** Branches sent through the node holding the callee's flow. */
    public long relayedBranches() {
        return relayed.get();
    }
}
