package dev.locus.node.rpc;

import java.util.Locale;

/**
 * A socket the node listens on for SIP (its SIP sockets and its DMQ socket, which Kamailio also counts among its
 * SIP listeners), as {@code core.sockets_list} and {@code corex.list_sockets} show it.
 *
 * @param proto     {@code udp} or {@code tcp}
 * @param host      the address, IPv6 without brackets
 * @param port      the port
 * @param advertise the host others are told to use instead ({@code sip.advertised_address}), empty when none
 */
public record ListenSocket(String proto, String host, int port, String advertise) {

    public ListenSocket {
        proto = proto.toLowerCase(Locale.ROOT);
    }
}
