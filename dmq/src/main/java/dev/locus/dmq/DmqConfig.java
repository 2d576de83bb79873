package dev.locus.dmq;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the DMQ bus needs to know.
 *
 * @param local          this node's DMQ URI, {@code sip:<ip>:<port>}: Kamailio identifies nodes by it
 * @param seeds          the cluster's DNS name(s) or seed nodes ({@code notification_address})
 * @param dnsServer      the resolver for discovery; empty = the system's
 * @param pingInterval   time between pings of every node and re-resolutions of the name
 * @param dnsHold        how long a failing or empty discovery name keeps the last good set of nodes
 * @param requestTimeout how long a KDMQ may go without a final answer before it counts as 408
 * @param workers        threads handling incoming KDMQ
 * @param window         KDMQ transactions outstanding towards one node at most
 */
public record DmqConfig(DmqUri local, List<DmqUri> seeds, Optional<InetSocketAddress> dnsServer,
                        Duration pingInterval, Duration dnsHold, Duration requestTimeout, int workers, int window) {

    public DmqConfig {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("DMQ needs at least one seed");
        }
    }
}
