package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;

import javax.sip.address.SipURI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which Request-URIs name this node: a domain it serves (listed explicitly: "any domain" does not make every
 * domain ours), or one of its own addresses at one of its ports. A request to such a URI is sent through this
 * node's own SIP socket, where the location service resolves the AOR, as Kamailio's {@code t_uac} reaches its own
 * script when the Request-URI's host resolves to itself.
 */
public final class LocalTargets {

    private final Set<String> domains;
    private final Set<String> hosts;
    private final List<SocketSpec> sockets;

    /**
     * @param domains the served domains, as configured (empty: none is ours by its name alone)
     * @param hosts   this node's addresses and advertised host, lower case, IPv6 without brackets
     */
    public LocalTargets(Set<String> domains, Set<String> hosts, List<SocketSpec> sockets) {
        this.domains = lower(domains);
        this.hosts = lower(hosts);
        this.sockets = List.copyOf(sockets);
    }

    public boolean isOurs(SipURI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (domains.contains(host)) {
            return true;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5060;
        return hosts.contains(host) && sockets.stream().anyMatch(s -> s.port() == port);
    }

    private static Set<String> lower(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList());
    }
}
