package dev.locus.node.config;

import java.time.Duration;

/**
 * What SIP over TCP may cost the node: the RI gives every accepted connection two threads for as long as it is
 * open, so connections are capped in total and per source address, and closed when they carry nothing.
 *
 * @param maxConnections        accepted connections open at once, all sources together
 * @param maxConnectionsPerIp   accepted connections open at once from one source address
 * @param idleTimeout           an accepted connection that receives nothing for this long is closed
 * @param readTimeout           a message whose first line has arrived must be whole within this
 */
public record TcpLimits(int maxConnections, int maxConnectionsPerIp, Duration idleTimeout, Duration readTimeout) {

    public TcpLimits {
        if (maxConnectionsPerIp > maxConnections) {
            throw new ConfigException("sip.tcp_max_connections_per_ip=" + maxConnectionsPerIp
                    + " is above sip.tcp_max_connections=" + maxConnections);
        }
    }
}
