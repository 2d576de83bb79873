package dev.locus.node.sip;

import gov.nist.javax.sip.stack.DefaultRouter;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The stack's router: asks the modules first (a trunk's REGISTER goes to its auth_proxy while its Request-URI
 * names the carrier's domain), then routes as the RI's default router does. The stack builds it by name
 * (property {@code javax.sip.ROUTER_PATH}, with {@code javax.sip.USE_ROUTER_FOR_ALL_URIS=true}), one per stack.
 */
public final class StackRouter implements Router {

    private final DefaultRouter fallback;
    private final List<Function<Request, Optional<Hop>>> modules = new CopyOnWriteArrayList<>();

    public StackRouter(SipStack stack, String outboundProxy) {
        this.fallback = new DefaultRouter(stack, outboundProxy);
    }

    /** Added while wiring, before anything is sent; the first module with an answer decides. */
    void consult(Function<Request, Optional<Hop>> nextHops) {
        modules.add(nextHops);
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        for (Function<Request, Optional<Hop>> module : modules) {
            Optional<Hop> hop = module.apply(request);
            if (hop.isPresent()) {
                return hop.get();
            }
        }
        return fallback.getNextHop(request);
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
