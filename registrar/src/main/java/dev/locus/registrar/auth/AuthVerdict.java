package dev.locus.registrar.auth;

/** The outcome of checking a request's digest credentials. */
public sealed interface AuthVerdict {

    record Authenticated() implements AuthVerdict {
    }

    /** Answer 401 (407 from the proxy) with fresh challenges; {@code stale} when only the nonce was too old. */
    record Challenge(boolean stale, boolean failure) implements AuthVerdict {
    }

    /** Answer 400: the credentials cannot be for this request. */
    record Malformed(String reason) implements AuthVerdict {
    }

    /** Answer 403: the credentials are wrong and another challenge would not help. */
    record Forbidden(String reason) implements AuthVerdict {
    }
}
