package dev.locus.registrar.registration;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A REGISTER as the SIP layer read it, before any §10.3 rule was applied; no JAIN-SIP types.
 *
 * @param requestUriHost   host of the Request-URI (the registrar's domain)
 * @param toScheme         scheme of the To URI ({@code sip}, {@code sips}, {@code tel}, ...)
 * @param toUser           user part of the To URI, empty when absent
 * @param wildcard         whether the request had {@code Contact: *}
 * @param expiresHeader    the Expires header, if any
 * @param path             Path header values in order, each as {@code <sip:...;lr>}
 * @param methods          Kamailio's method bit mask from Allow, or all bits when there was no Allow
 * @param received         where the request came from, as {@code sip:ip:port;transport=...}
 * @param socket           the local socket it arrived on, as {@code proto:ip:port}
 * @param unreadable       headers the stack could not read (malformed, or a single-valued header repeated), by
 *                         their full names ({@code Contact}, {@code To}, {@code Expires}); a malformed Expires
 *                         also leaves {@code expiresHeader} empty
 * @param version          the SIP version of the request line ({@code SIP/2.0})
 */
public record RegisterMessage(String requestUriHost, String toScheme, String toUser, String toHost,
                              List<ContactField> contacts, boolean wildcard, OptionalLong expiresHeader,
                              String callId, long cseq, List<String> require, Set<String> supported,
                              List<String> path, String userAgent, long methods, String received, String socket,
                              List<String> unreadable, String version) {

    public RegisterMessage {
        Objects.requireNonNull(requestUriHost, "requestUriHost");
        Objects.requireNonNull(toScheme, "toScheme");
        Objects.requireNonNull(toUser, "toUser");
        Objects.requireNonNull(toHost, "toHost");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(expiresHeader, "expiresHeader");
        Objects.requireNonNull(callId, "callId");
        require = List.copyOf(require);
        supported = Set.copyOf(supported);
        path = List.copyOf(path);
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(socket, "socket");
        unreadable = List.copyOf(unreadable);
        Objects.requireNonNull(version, "version");
    }

    /** A well-formed SIP/2.0 REGISTER. */
    public RegisterMessage(String requestUriHost, String toScheme, String toUser, String toHost,
                           List<ContactField> contacts, boolean wildcard, OptionalLong expiresHeader, String callId,
                           long cseq, List<String> require, Set<String> supported, List<String> path,
                           String userAgent, long methods, String received, String socket) {
        this(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, expiresHeader, callId, cseq, require,
                supported, path, userAgent, methods, received, socket, List.of(), "SIP/2.0");
    }
}
