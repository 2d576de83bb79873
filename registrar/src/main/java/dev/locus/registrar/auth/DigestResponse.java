package dev.locus.registrar.auth;

import java.util.Objects;

/**
 * The parameters of an Authorization header, as sent. Empty strings for absent parameters.
 *
 * @param algorithm the algorithm token as sent, empty when absent (meaning MD5)
 */
public record DigestResponse(String username, String realm, String nonce, String uri, String response,
                             String algorithm, String qop, String nc, String cnonce) {

    public DigestResponse {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(qop, "qop");
        Objects.requireNonNull(nc, "nc");
        Objects.requireNonNull(cnonce, "cnonce");
    }

    /** The user part of the digest username ({@code alice} of {@code alice@example.com}). */
    public String user() {
        int at = username.indexOf('@');
        return at < 0 ? username : username.substring(0, at);
    }
}
