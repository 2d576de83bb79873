package dev.locus.uacreg.registration;

import java.util.List;

/**
 * The final reply to a trunk's REGISTER, reduced to what the registration needs.
 *
 * @param contacts          the bindings the carrier lists
 * @param expires           the Expires header, -1 when absent
 * @param minExpires        the Min-Expires header (423), -1 when absent
 * @param retryAfter        Retry-After in seconds, -1 when absent
 * @param wwwAuthenticate   empty when absent
 * @param proxyAuthenticate empty when absent
 */
public record RegisterReply(int status, String reason, List<BoundContact> contacts, int expires, int minExpires,
                            int retryAfter, String wwwAuthenticate, String proxyAuthenticate) {

    public RegisterReply {
        contacts = List.copyOf(contacts);
    }

    /** What a transaction that got no final answer ends with, as tm's local 408 in Kamailio. */
    public static RegisterReply timeout() {
        return local(408, "Request Timeout");
    }

    /** A reply made here, for a REGISTER that could not be sent or answered. */
    public static RegisterReply local(int status, String reason) {
        return new RegisterReply(status, reason, List.of(), -1, -1, -1, "", "");
    }

    /**
     * One Contact of a 200 OK.
     *
     * @param hostPort host and port as written, lower case, no parameters
     * @param expires  the {@code expires} parameter, -1 when absent
     */
    public record BoundContact(String user, String hostPort, int expires) {
    }
}
