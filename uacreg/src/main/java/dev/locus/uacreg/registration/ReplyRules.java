package dev.locus.uacreg.registration;

import dev.locus.uacreg.trunk.Trunk;

import java.util.Optional;

/**
 * Kamailio 5.6's reply handling for a trunk's REGISTER ({@code uac_reg_tm_callback}), as a pure function, with the
 * differences Locus makes on purpose: the 200 is matched on our exact Contact first (an old owner's contact can
 * be listed beside it), a 200 without our Contact is a failure to retry rather than a silent resend, a
 * {@code stale=true} challenge after credentials is answered once more instead of failing, and SHA-256 is
 * answered. A challenge the trunk can answer becomes {@link Outcome.Challenged}: the answer needs the trunk's
 * secrets, which the registration reads first.
 */
public final class ReplyRules {

    private ReplyRules() {
    }

    /**
     * @param contactHostPort host:port of the Contact we registered, lower case
     * @param sentExpires     the Expires of the REGISTER this answers
     * @param authSent        credentials were already sent in this attempt
     * @param staleRetried    a stale nonce was already answered in this attempt
     */
    public static Outcome decide(RegisterReply reply, Trunk trunk, String contactHostPort, int sentExpires,
                                 boolean authSent, boolean staleRetried) {
        int code = reply.status();
        if (code >= 200 && code < 300) {
            return registered(reply, trunk, contactHostPort, sentExpires);
        }
        if (code == 401 || code == 407) {
            return challenged(reply, trunk, authSent, staleRetried);
        }
        if (code == 423) {
            int wanted = reply.minExpires() > 0 ? reply.minExpires() : sentExpires * 2;
            return wanted > sentExpires ? new Outcome.RaiseExpires(wanted)
                    : new Outcome.Failed(423, "423 without a Min-Expires above " + sentExpires, reply.retryAfter());
        }
        return new Outcome.Failed(code, reply.reason(), reply.retryAfter());
    }

    private static Outcome registered(RegisterReply reply, Trunk trunk, String contactHostPort, int sentExpires) {
        if (sentExpires == 0) {
            return new Outcome.Unregistered();
        }
        if (reply.contacts().isEmpty()) {
            return new Outcome.Failed(reply.status(), "no Contact found in " + reply.status(), -1);
        }
        Optional<RegisterReply.BoundContact> ours = reply.contacts().stream()
                .filter(c -> c.user().equals(trunk.lUuid()) && c.hostPort().equals(contactHostPort)).findFirst()
                .or(() -> reply.contacts().stream().filter(c -> c.user().equals(trunk.lUuid())).findFirst());
        if (ours.isEmpty()) {
            return new Outcome.Failed(reply.status(), "no matching Contact in " + reply.status(), -1);
        }
        int granted = ours.get().expires() >= 0 ? ours.get().expires()
                : reply.expires() >= 0 ? reply.expires() : sentExpires;
        if (granted <= 0) {
            return new Outcome.Failed(reply.status(), "the carrier granted expires 0", -1);
        }
        return new Outcome.Registered(granted);
    }

    private static Outcome challenged(RegisterReply reply, Trunk trunk, boolean authSent, boolean staleRetried) {
        int code = reply.status();
        String header = code == 401 ? reply.wwwAuthenticate() : reply.proxyAuthenticate();
        Optional<Challenge> challenge = header.isEmpty() ? Optional.empty() : Challenge.parse(header);
        if (challenge.isEmpty()) {
            return new Outcome.Failed(code, "no usable Digest challenge in " + code, -1);
        }
        boolean staleRetry = authSent && challenge.get().stale() && !staleRetried;
        if (authSent && !staleRetry) {
            return new Outcome.Failed(code, "authentication failed for " + trunk.lUuid(), -1);
        }
        Optional<DigestAnswer.Failure> refused = DigestAnswer.refusal(challenge.get(), trunk);
        if (refused.isPresent()) {
            return new Outcome.Failed(code, refused.get().reason(), -1);
        }
        return new Outcome.Challenged(challenge.get(), code == 401 ? "Authorization" : "Proxy-Authorization",
                staleRetry);
    }
}
