package dev.locus.registrar;

import dev.locus.registrar.DigestAlgorithm;

import java.time.Duration;
import java.util.List;

/**
 * @param enabled     whether REGISTER must authenticate (resolved from auth.enabled and the database)
 * @param realm       challenge realm; empty = the To domain
 * @param secret      nonce HMAC secret; empty = random per start
 */
public record AuthConfig(boolean enabled, String realm, List<DigestAlgorithm> algorithms, String secret,
                         Duration nonceExpires, boolean useDomain, Duration cacheTtl, int dbThreads) {

    public AuthConfig {
        algorithms = List.copyOf(algorithms);
    }

    @Override
    public String toString() {
        return "AuthConfig[enabled=" + enabled + ", realm=" + realm + ", algorithms=" + algorithms + ", secret="
                + (secret.isEmpty() ? "" : "****") + ", nonceExpires=" + nonceExpires + "]";
    }
}
