package dev.locus.node.sip.uac;

import java.util.Objects;

/**
 * A request to send as its own client transaction, as given to Kamailio's {@code t_uac}: the method, the
 * Request-URI, the next hop ({@code .} or empty: none), the socket to send from ({@code [proto:]host[:port]};
 * {@code .} or empty: the default), the headers (at least From and To, one per line) and the body (empty: none).
 * Nothing is checked here: {@link UacRequestBuilder} does, with the reasons of {@link UacException}.
 */
public record UacRequest(String method, String requestUri, String nextHop, String socket, String headers,
                         String body) {

    public UacRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** Kamailio's {@code .} for "no value", kept for the RPC's old FIFO clients. */
    static boolean none(String value) {
        return value.isEmpty() || value.equals(".");
    }
}
