package dev.locus.registrar.registration;

/**
 * Every way a REGISTER can be refused, with its SIP status and reason phrase (Kamailio's {@code rerrno.h} and
 * {@code reply.c} in one table). A 400's reason names the header at fault.
 */
public enum RegistrationError {
    DOMAIN_NOT_SERVED(403, "Forbidden - domain not served here"),
    BAD_EXTENSION(420, "Bad Extension"),
    TO_NOT_SIP(400, "Bad To - not a sip or sips URI"),
    TO_WITHOUT_USER(400, "Bad To - no user part"),
    BAD_CONTACT_URI(400, "Bad Contact - invalid URI"),
    WILDCARD_NOT_ALONE(400, "Bad Contact - * must be the only Contact"),
    WILDCARD_WITHOUT_ZERO_EXPIRES(400, "Bad Contact - * requires Expires: 0"),
    BAD_EXPIRES_PARAM(400, "Bad Contact - invalid expires parameter"),
    BAD_Q(400, "Bad Contact - invalid q parameter"),
    BAD_REG_ID(400, "Bad Contact - invalid reg-id parameter"),
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief"),
    TOO_MANY_CONTACTS(503, "Too many registered contacts"),
    STORE_FAILED(500, "Server Internal Error - location store unavailable");

    private final int status;
    private final String reason;

    RegistrationError(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /**
     * Errors answered before any authentication: RFC 3261 §10.3 steps 1 and 2, and a To that no credentials could
     * match. The others follow authentication, in the RFC's order.
     */
    public boolean precedesAuthentication() {
        return this == DOMAIN_NOT_SERVED || this == BAD_EXTENSION || this == TO_NOT_SIP || this == TO_WITHOUT_USER;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
