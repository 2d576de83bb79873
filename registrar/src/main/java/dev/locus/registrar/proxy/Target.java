package dev.locus.registrar.proxy;

import java.util.List;
import java.util.Optional;

/**
 * One branch a request may take: the Request-URI it gets (the binding's Contact), the Route headers put in front
 * of it (the binding's Path, or the node that holds the binding's flow), and where it is sent when that is not
 * what the URIs say (a NATed binding's received address).
 *
 * @param q        q-value times 1000, or -1 when the binding gave none (tried after every explicit q)
 * @param relayed  whether the branch goes through another node, which delivers it over its own flow
 */
record Target(String requestUri, List<String> routes, Optional<Destination> destination, String socket, int q,
              String ruid, boolean relayed) {

    Target {
        routes = List.copyOf(routes);
    }
}
