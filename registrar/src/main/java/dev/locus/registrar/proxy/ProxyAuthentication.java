package dev.locus.registrar.proxy;

import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * Decides whether an initial request from one of our users may be forwarded (Kamailio's
 * {@code proxy_authorize}). Either answers the request itself (407, 403, 500) or runs {@code proceed}, on the
 * calling thread or, when credentials must be fetched, on another.
 */
@FunctionalInterface
public interface ProxyAuthentication {

    /** No authentication: every request proceeds (the embedded, database-less default). */
    ProxyAuthentication OPEN = (provider, request, forwarded, proceed) -> proceed.run();

    /**
     * @param request   the request as received (never changed: a retransmission must look the same)
     * @param forwarded the copy that will be forwarded: the credentials used are removed from it before
     *                  {@code proceed} runs (Kamailio's {@code consume_credentials})
     */
    void authorize(SipProvider provider, Request request, Request forwarded, Runnable proceed);
}
