package dev.locus.registrar;

import java.util.Objects;

/**
 * One contact bound to an address of record, with exactly the fields that Kamailio's usrloc replicates over DMQ.
 * Replaced on refresh, never mutated. Times are UNIX seconds, as usrloc keeps them, so that a binding crosses
 * to Kamailio and back without losing or inventing precision.
 *
 * @param expires absolute expiry in UNIX seconds; {@link #PERMANENT} (0) never expires (bindings added over RPC)
 * @param q       q-value times 1000, or {@link #NO_Q} when the contact gave none
 * @param methods Kamailio's method bit mask from Allow; {@link #ALL_METHODS} when the REGISTER had no Allow
 */
public record Binding(String aor, String ruid, String contact, String received, String path, String callId,
                      long cseq, long expires, int q, int flags, int cflags, String userAgent, String socket,
                      long methods, String instance, int regId, long lastModified) {

    public static final long PERMANENT = 0;
    public static final int NO_Q = -1;
    public static final long ALL_METHODS = 0xFFFFFFFFL;

    public Binding {
        requireText(aor, "aor");
        requireText(ruid, "ruid");
        requireText(contact, "contact");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(instance, "instance");
        if (q != NO_Q && (q < 0 || q > 1000)) {
            throw new IllegalArgumentException("q out of range (0..1000 or -1): " + q);
        }
        if (expires < 0) {
            throw new IllegalArgumentException("expires must be an absolute time or 0: " + expires);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    public boolean isPermanent() {
        return expires == PERMANENT;
    }

    /** A binding expires at its expiry second: one that expires "now" is already gone, as in usrloc. */
    public boolean isExpiredAt(long nowSeconds) {
        return !isPermanent() && expires <= nowSeconds;
    }

    /** Seconds left at {@code nowSeconds}; 0 once expired. Meaningless for permanent bindings. */
    public long remainingSeconds(long nowSeconds) {
        return Math.max(0, expires - nowSeconds);
    }

    public Binding withRuid(String newRuid) {
        return new Binding(aor, newRuid, contact, received, path, callId, cseq, expires, q, flags, cflags, userAgent,
                socket, methods, instance, regId, lastModified);
    }

    public Binding withExpires(long newExpires) {
        return new Binding(aor, ruid, contact, received, path, callId, cseq, newExpires, q, flags, cflags, userAgent,
                socket, methods, instance, regId, lastModified);
    }
}
