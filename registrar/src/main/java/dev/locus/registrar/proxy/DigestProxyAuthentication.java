package dev.locus.registrar.proxy;

import dev.locus.registrar.auth.DigestRole;
import dev.locus.registrar.sip.DigestCheck;

import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;

/**
 * Digest authentication of initial requests from our users (RFC 3261 §22.3), as Kamailio's default configuration
 * does it with {@code auth_check("$fd", "subscriber", "1")} and {@code consume_credentials()}: 407 with
 * Proxy-Authenticate, credentials in Proxy-Authorization for the From user, in the realm of the From domain unless
 * one is configured; the credentials used do not travel further. The check itself is {@link DigestCheck}'s, the
 * one REGISTER goes through.
 */
public final class DigestProxyAuthentication implements ProxyAuthentication {

    private final DigestCheck digest;

    public DigestProxyAuthentication(DigestCheck digest) {
        this.digest = digest;
    }

    @Override
    public void authorize(SipProvider provider, Request request, Request forwarded, Runnable proceed) {
        String user = "";
        String host = "";
        if (((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI() instanceof SipURI from) {
            user = from.getUser() == null ? "" : from.getUser();
            host = from.getHost() == null ? "" : from.getHost();
        }
        String realm = digest.realm(host);
        digest.check(provider, request, DigestRole.PROXY, realm, user, () -> {
            DigestCheck.consume(forwarded, DigestRole.PROXY, realm);
            proceed.run();
        });
    }
}
