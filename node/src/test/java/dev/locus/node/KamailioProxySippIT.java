package dev.locus.node;

import dev.locus.node.support.Kamailio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The proxy scenarios against the reference: a real Kamailio 5.6 started from {@code kamailio/kamailio-proxy.cfg}
 * on 127.0.0.30 (SIP 5060 over UDP and TCP). What passes here is the behaviour a Locus node must match when it
 * takes Kamailio's place (a subclass that names a node instead).
 */
class KamailioProxySippIT extends ProxyScenarios {

    private static final String PROXY = "127.0.0.30";

    @TempDir
    static Path kamailioDir;
    private static Kamailio kamailio;

    @BeforeAll
    static void startKamailio() throws Exception {
        kamailio = Kamailio.proxy(PROXY, kamailioDir).start();
    }

    @AfterAll
    static void stopKamailio() throws InterruptedException {
        if (kamailio != null) {
            kamailio.stop();
        }
    }

    @Override
    protected InetSocketAddress proxy() {
        return new InetSocketAddress(PROXY, 5060);
    }
}
