package dev.locus.node.config;

import java.util.List;

/**
 * @param listen                 the SIP sockets; one JAIN-SIP provider per address and port
 * @param advertisedAddress      host[:port] to put where others must reach us, empty = the listen address
 * @param threads                SIP threads: each parses a request, waits for the store and replies
 * @param maxServerTransactions  JAIN-SIP's cap on open server transactions (its default is 5,000)
 * @param maxMessageSize         largest SIP message accepted (UDP and TCP), in bytes; larger requests get 513
 * @param udpQueue               datagrams received on one UDP socket and not yet handled, at most; more are dropped
 * @param udpQueuePerSource      of those, at most this many from one source address
 * @param tcp                    caps and timeouts of the TCP connections peers open to the node
 */
public record SipConfig(List<SocketSpec> listen, String advertisedAddress, int threads,
                        int maxServerTransactions, int maxMessageSize, int udpQueue, int udpQueuePerSource,
                        TcpLimits tcp) {

    public SipConfig {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new ConfigException("sip.listen is empty: at least one socket is needed");
        }
        if (udpQueuePerSource > udpQueue) {
            throw new ConfigException("sip.udp_queue_per_source=" + udpQueuePerSource + " is above sip.udp_queue="
                    + udpQueue);
        }
    }
}
