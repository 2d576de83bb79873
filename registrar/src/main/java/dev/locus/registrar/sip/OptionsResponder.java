package dev.locus.registrar.sip;

import dev.locus.registrar.sip.Replies;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.Set;
import java.util.function.Predicate;

/** Answers OPTIONS addressed to the node itself (no user part, one of our hosts or domains): the usual keepalive. */
public final class OptionsResponder {

    static final java.util.List<String> ALLOW = java.util.List.of("REGISTER", "OPTIONS", "ACK");

    private final Replies replies;
    private final HeaderFactory headers;
    private final Set<String> localHosts;
    private final Predicate<String> servedDomain;

    public OptionsResponder(Replies replies, HeaderFactory headers, Set<String> localHosts, Predicate<String> servedDomain) {
        this.replies = replies;
        this.headers = headers;
        this.localHosts = Set.copyOf(localHosts);
        this.servedDomain = servedDomain;
    }

    public boolean isForUs(Request request) {
        URI uri = request.getRequestURI();
        if (!(uri instanceof SipURI sip) || (sip.getUser() != null && !sip.getUser().isEmpty())) {
            return false;
        }
        String host = sip.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return localHosts.contains(host.toLowerCase(java.util.Locale.ROOT)) || servedDomain.test(host);
    }

    public Response answer(Request request) {
        Response response = replies.plain(request, Response.OK, "OK");
        try {
            for (String method : ALLOW) {
                response.addHeader(headers.createAllowHeader(method));
            }
            response.addHeader(headers.createAcceptHeader("application", "sdp"));
            response.addHeader(headers.createSupportedHeader("path"));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build the OPTIONS answer", e);
        }
        return response;
    }
}
