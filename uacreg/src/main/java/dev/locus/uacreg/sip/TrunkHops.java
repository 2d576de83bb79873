package dev.locus.uacreg.sip;

import gov.nist.javax.sip.stack.HopImpl;

import javax.sip.address.Hop;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a trunk's REGISTER goes: its {@code auth_proxy}, while its Request-URI stays {@code sip:r_domain}
 * (Kamailio sets the outbound proxy the same way, without a Route header). The node's router asks here first.
 */
public final class TrunkHops {

    private final Map<String, Hop> byCallId = new ConcurrentHashMap<>();

    void route(String callId, String host, int port, String transport) {
        byCallId.put(callId, new HopImpl(host, port, transport));
    }

    void forget(String callId) {
        byCallId.remove(callId);
    }

    /** The trunk's next hop when the request is one of its REGISTERs. */
    public Optional<Hop> nextHop(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return callId == null ? Optional.empty() : Optional.ofNullable(byCallId.get(callId.getCallId()));
    }
}
