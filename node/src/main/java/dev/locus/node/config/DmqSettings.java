package dev.locus.node.config;

import dev.locus.dmq.DmqUri;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The DMQ part of the configuration.
 *
 * @param seeds   empty when DMQ is off
 * @param dnsHold how long a failing or empty discovery name keeps its last good set of nodes
 */
public record DmqSettings(List<DmqUri> seeds, SocketSpec listen, Optional<InetSocketAddress> dnsServer,
                          Duration pingInterval, Duration dnsHold, Duration requestTimeout, int workers, int window, int syncBatch) {

    public DmqSettings {
        seeds = List.copyOf(seeds);
    }

    public boolean enabled() {
        return !seeds.isEmpty();
    }

    public DmqUri localUri() {
        return DmqUri.of(listen.host(), listen.port());
    }
}
