package dev.locus.registrar.support;

import com.hazelcast.config.Config;

import java.util.Arrays;

/** Hazelcast members for tests: on 127.0.0.1 only, joined by TCP to the given ports, quick to form. */
public final class TestMembers {

    private TestMembers() {
    }

    /** @param ports every member's port, this one's first */
    public static Config config(String clusterName, int... ports) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.getJetConfig().setEnabled(false);
        c.getNetworkConfig().setPort(ports[0]).setPortAutoIncrement(false);
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
                .setMembers(Arrays.stream(ports).sorted().mapToObj(p -> "127.0.0.1:" + p).toList());
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        return c;
    }
}
