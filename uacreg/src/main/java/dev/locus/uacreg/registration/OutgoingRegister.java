package dev.locus.uacreg.registration;

import java.util.List;
import java.util.Objects;

/**
 * One REGISTER of a trunk as Kamailio 5.6's uac module builds it: R-URI {@code sip:r_domain}, From/To
 * {@code sip:r_username@r_domain} (To without a tag), an {@code Expires} header, sent to {@code auth_proxy}.
 *
 * @param contacts      ours first; an old contact to clear (a dead owner's) follows with {@code expires=0}
 * @param authorization empty, or the header to add ({@code Authorization} or {@code Proxy-Authorization})
 * @param socket        {@code proto:host:port} to send from; empty for the node's default
 */
public record OutgoingRegister(String lUuid, String requestUri, String aor, String fromTag, String callId, long cseq,
                               List<ContactEntry> contacts, int expires, AuthorizationHeader authorization,
                               String nextHop, String socket) {

    public OutgoingRegister {
        Objects.requireNonNull(callId, "callId");
        contacts = List.copyOf(contacts);
    }

    /** @param expires -1: no {@code expires} parameter (the Expires header applies) */
    public record ContactEntry(String uri, int expires) {
    }

    public record AuthorizationHeader(String name, String value) {
        public static final AuthorizationHeader NONE = new AuthorizationHeader("", "");

        public boolean present() {
            return !name.isEmpty();
        }

        @Override
        public String toString() {
            return present() ? name + ": (digest)" : "none";
        }
    }
}
