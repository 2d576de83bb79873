package dev.locus.registrar.auth;

/**
 * Who asks for credentials (RFC 3261 §22.2, §22.3): the registrar, for REGISTER, or the proxy, for initial
 * requests from our users. Nonces, algorithms, realm and subscriber rules are the same for both; the status, the
 * header names and whose user the credentials must name are not.
 *
 * @param identity the header whose user the credentials must be for, as Kamailio's {@code auth_check} with flag 1
 *                 checks it: To for REGISTER, From for anything else
 */
public enum DigestRole {

    REGISTRAR(401, "Unauthorized", "WWW-Authenticate", "Authorization", "To"),
    PROXY(407, "Proxy Authentication Required", "Proxy-Authenticate", "Proxy-Authorization", "From");

    private final int status;
    private final String reason;
    private final String challengeHeader;
    private final String credentialsHeader;
    private final String identity;

    DigestRole(int status, String reason, String challengeHeader, String credentialsHeader, String identity) {
        this.status = status;
        this.reason = reason;
        this.challengeHeader = challengeHeader;
        this.credentialsHeader = credentialsHeader;
        this.identity = identity;
    }

    /** The challenge's status code: 401 or 407. */
    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** {@code WWW-Authenticate} or {@code Proxy-Authenticate}. */
    public String challengeHeader() {
        return challengeHeader;
    }

    /** {@code Authorization} or {@code Proxy-Authorization}. */
    public String credentialsHeader() {
        return credentialsHeader;
    }

    /** The 403 reason when the credentials name another user than the identity header. */
    public String userMismatch() {
        return "Forbidden - authentication user does not match " + identity;
    }
}
