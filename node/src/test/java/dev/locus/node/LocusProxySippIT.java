package dev.locus.node;

import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.InetSocketAddress;
import java.time.InstantSource;

/**
 * The proxy scenarios against a Locus node on 127.0.0.35 (SIP 5060 over UDP and TCP, embedded store, open
 * registration, any domain): the same test methods as {@link KamailioProxySippIT}, the reference.
 */
class LocusProxySippIT extends ProxyScenarios {

    private static final String HOST = "127.0.0.35";
    private static LocusNode node;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(TestNodes.settings(HOST, 15735), InstantSource.system());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    protected InetSocketAddress proxy() {
        return new InetSocketAddress(HOST, 5060);
    }
}
