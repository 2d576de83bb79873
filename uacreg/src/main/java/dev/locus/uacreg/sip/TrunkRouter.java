package dev.locus.uacreg.sip;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stack's router: a trunk's REGISTER goes to its {@code auth_proxy} while its Request-URI stays
 * {@code sip:r_domain} (Kamailio sets the outbound proxy the same way, without a Route header); everything else
 * is routed as the RI's default router does. The stack builds it by name (property {@code javax.sip.ROUTER_PATH},
 * with {@code javax.sip.USE_ROUTER_FOR_ALL_URIS=true}), one per stack.
 */
public final class TrunkRouter implements Router {

    private final DefaultRouter fallback;
    private final Map<String, Hop> byCallId = new ConcurrentHashMap<>();

    public TrunkRouter(SipStack stack, String outboundProxy) {
        this.fallback = new DefaultRouter(stack, outboundProxy);
    }

    void route(String callId, String host, int port, String transport) {
        byCallId.put(callId, new HopImpl(host, port, transport));
    }

    void forget(String callId) {
        byCallId.remove(callId);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        Hop hop = callId == null ? null : byCallId.get(callId.getCallId());
        return hop != null ? hop : fallback.getNextHop(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return fallback.getOutboundProxy();
    }

    @Override
    @SuppressWarnings({"rawtypes", "deprecation"})
    public ListIterator getNextHops(Request request) {
        return fallback.getNextHops(request);
    }
}
