package dev.locus.registrar.sip;

import dev.locus.registrar.auth.DigestRole;
import dev.locus.registrar.registration.RegisterMessage;

import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * Digest authentication of REGISTER (RFC 3261 §22.2): 401 with WWW-Authenticate, credentials in Authorization, for
 * the To user, in the realm of the To domain unless one is configured. The check itself is {@link DigestCheck}'s.
 */
public final class DigestRegisterAuthentication implements RegisterAuthentication {

    private final DigestCheck digest;

    public DigestRegisterAuthentication(DigestCheck digest) {
        this.digest = digest;
    }

    @Override
    public void authenticate(SipProvider provider, Request request, RegisterMessage message, Runnable proceed) {
        digest.check(provider, request, DigestRole.REGISTRAR, digest.realm(message.toHost()), message.toUser(), proceed);
    }
}
