package dev.locus.node.support;

import dev.locus.node.LocusNode;
import dev.locus.node.config.ConfigSource;
import dev.locus.node.config.LocusConfig;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/** Starts in-process nodes on their own loopback address, with test-sized settings. */
public final class TestNodes {

    private TestNodes() {
    }

    /** Settings for a node on {@code host}: SIP 5060 UDP+TCP, RPC on a free port, a private cluster name. */
    public static Map<String, String> settings(String host, int clusterPort) {
        Map<String, String> s = new HashMap<>(ConfigSource.defaults());
        s.put("sip.listen", "udp:" + host + ":5060,tcp:" + host + ":5060");
        s.put("rpc.address", host);
        s.put("rpc.port", "0");
        s.put("cluster.bind_address", host);
        s.put("cluster.port", Integer.toString(clusterPort));
        s.put("cluster.name", "it-" + host + "-" + clusterPort);
        // The tests' phones and load all come from loopback, at rates a pike-like limit bans: trusted here (the
        // protection still counts and checks every request); ProtectionIT clears it to test the bans themselves.
        s.put("protect.trusted", "127.0.0.0/8");
        return s;
    }

    /**
     * Makes the node find its cluster through a DNS name served by the test's dnsmasq: DMQ on the node's own
     * address, pinging every second.
     */
    public static Map<String, String> discovered(Map<String, String> settings, String host, String cluster,
                                                 String dnsName, String dnsServer) {
        settings.put("cluster.name", cluster);
        settings.put("dmq.listen", "udp:" + host + ":5090");
        settings.put("dmq.notification_address", "sip:" + dnsName + ":5090");
        settings.put("dmq.dns_server", dnsServer);
        settings.put("dmq.ping_interval", "1");
        return settings;
    }

    /** The same settings as a separate node process reads them: LOCUS_ environment variables. */
    public static Map<String, String> asEnvironment(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put("LOCUS_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    /** Points the settings at a test database (its own user and password). */
    public static Map<String, String> withDatabase(Map<String, String> settings, String url, String user, String password) {
        settings.put("db.url", url);
        settings.put("db.user", user);
        settings.put("db.password", password);
        return settings;
    }

    public static LocusNode start(Map<String, String> settings, InstantSource clock) {
        return LocusNode.start(LocusConfig.from(settings), clock);
    }
}
