package dev.locus.registrar.registration;

import java.util.Optional;

/**
 * Every way a REGISTER can be refused, with its SIP status and reason phrase (Kamailio's {@code rerrno.h} and
 * {@code reply.c} in one table). A 400's reason names the header at fault; Kamailio's own wording goes into
 * {@code P-Registrar-Error}, as its registrar adds it.
 */
public enum RegistrationError {
    DOMAIN_NOT_SERVED(403, "Forbidden - domain not served here", null),
    TOO_MANY_CONTACTS_IN_REQUEST(403, "Forbidden - too many contacts in one request", null),
    BAD_EXTENSION(420, "Bad Extension", null),
    BAD_VERSION(400, "Bad Request - SIP version not supported", null),
    BAD_TO_HEADER(400, "Bad To - malformed or repeated header", null),
    TO_NOT_SIP(400, "Bad To - not a sip or sips URI", null),
    TO_WITHOUT_USER(400, "Bad To - no user part", null),
    BAD_TO_ESCAPE(400, "Bad To - invalid escape in the user part", "Error while unescaping username"),
    BAD_CONTACT_HEADER(400, "Bad Contact - malformed header", "Contact parse error"),
    BAD_CONTACT_URI(400, "Bad Contact - invalid URI", null),
    WILDCARD_NOT_ALONE(400, "Bad Contact - * must be the only Contact", "* used in contact and more than 1 contact"),
    WILDCARD_WITHOUT_ZERO_EXPIRES(400, "Bad Contact - * requires Expires: 0", "* used in contact and expires is not zero"),
    BAD_EXPIRES_HEADER(400, "Bad Expires - empty header", "Expires parse error"),
    BAD_Q(400, "Bad Contact - invalid q parameter", "Invalid q param in contact"),
    BAD_REG_ID(400, "Bad Contact - invalid reg-id parameter", null),
    BAD_CSEQ(400, "Bad CSeq - not above the stored one for this Call-ID", "Invalid CSeq number"),
    INTERVAL_TOO_BRIEF(423, "Interval Too Brief", null),
    TOO_MANY_CONTACTS(503, "Too many registered contacts", "Too many registered contacts"),
    REPLY_TOO_LARGE(503, "Too many registered contacts to list over UDP", "Too many registered contacts"),
    STORE_FAILED(500, "Server Internal Error - location store unavailable", null);

    private final int status;
    private final String reason;
    private final String kamailioText;

    RegistrationError(int status, String reason, String kamailioText) {
        this.status = status;
        this.reason = reason;
        this.kamailioText = kamailioText;
    }

    /**
     * The text Kamailio 5.6's registrar puts in {@code P-Registrar-Error} for the same refusal (probed live), or
     * empty where Kamailio accepts, drops or never sees such a request.
     */
    public Optional<String> kamailioText() {
        return Optional.ofNullable(kamailioText);
    }

    /**
     * Errors answered before any authentication: more contacts than one request may carry (refused before any
     * other work), RFC 3261 §10.3 steps 1 and 2, and a To that no credentials could match. The others follow authentication, in the RFC's order.
     */
    public boolean precedesAuthentication() {
        return this == TOO_MANY_CONTACTS_IN_REQUEST || this == DOMAIN_NOT_SERVED || this == BAD_EXTENSION || this == BAD_VERSION || this == BAD_TO_HEADER
                || this == TO_NOT_SIP || this == TO_WITHOUT_USER || this == BAD_TO_ESCAPE;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }
}
