package dev.locus.registrar.proxy;

import javax.sip.address.Hop;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the proxy's own requests go when the URIs in them do not say it (a NATed binding's received address, a
 * flow): the stack's router asks here by the request's branch, which a CANCEL for the branch shares.
 */
final class NextHops {

    private final ConcurrentHashMap<String, Hop> byBranch = new ConcurrentHashMap<>();

    void put(String branch, Destination destination) {
        byBranch.put(branch, new FixedHop(destination.host(), destination.port(), destination.transport()));
    }

    void remove(String branch) {
        byBranch.remove(branch);
    }

    Optional<Hop> of(Request request) {
        if (byBranch.isEmpty()) {
            return Optional.empty();
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null || via.getBranch() == null ? Optional.empty() : Optional.ofNullable(byBranch.get(via.getBranch()));
    }

    int size() {
        return byBranch.size();
    }

    private record FixedHop(String host, int port, String transport) implements Hop {

        @Override
        public String getHost() {
            return host;
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public String getTransport() {
            return transport.toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return host + ":" + port + "/" + transport;
        }
    }
}
