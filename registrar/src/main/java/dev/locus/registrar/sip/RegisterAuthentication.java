package dev.locus.registrar.sip;

import dev.locus.registrar.registration.RegisterMessage;

import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * Decides whether a REGISTER may be applied. Either answers the request itself (401, 403, 500) or runs
 * {@code proceed}, on the calling thread or, when credentials must be fetched, on another.
 */
@FunctionalInterface
public interface RegisterAuthentication {

    /** No authentication: every REGISTER proceeds (the embedded, database-less default). */
    RegisterAuthentication OPEN = (provider, request, message, proceed) -> proceed.run();

    void authenticate(SipProvider provider, Request request, RegisterMessage message, Runnable proceed);
}
