package dev.locus.node.sip.uac;

import gov.nist.javax.sip.stack.HopImpl;

import javax.sip.address.Hop;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each request of the {@link UacSender} goes when it is not where its Request-URI says: its next hop, or this
 * node's own socket. Keyed by the top Via's branch, which the sender makes unique; the node's router asks here.
 */
public final class UacHops {

    private final Map<String, Hop> byBranch = new ConcurrentHashMap<>();

    void route(String branch, String host, int port, String transport) {
        byBranch.put(branch, new HopImpl(host, port, transport));
    }

    void forget(String branch) {
        byBranch.remove(branch);
    }

    /** The next hop of one of the sender's requests; empty for every other request. */
    public Optional<Hop> nextHop(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String branch = via == null ? null : via.getBranch();
        return branch == null ? Optional.empty() : Optional.ofNullable(byBranch.get(branch));
    }

    int size() {
        return byBranch.size();
    }
}
