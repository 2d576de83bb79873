package dev.locus.registrar;

import java.util.Objects;

/**
 * A binding an operator adds by hand; the store gives it a ruid and stamps it with the time it is applied.
 *
 * @param expiresIn seconds from now, or 0 for a binding that never expires
 * @param q         q-value times 1000, or {@link Binding#NO_Q}
 * @param methods   the method bit mask, up to {@link Binding#ALL_METHODS}
 */
public record NewBinding(String aor, String contact, String received, String path, String callId,
                         String userAgent, long expiresIn, int q, int flags, int cflags, String socket,
                         long methods) {

    public NewBinding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        if (expiresIn < 0) {
            throw new IllegalArgumentException("expires must be 0 (permanent) or a number of seconds: " + expiresIn);
        }
        if (methods < 0 || methods > Binding.ALL_METHODS) {
            throw new IllegalArgumentException("methods must be an unsigned 32-bit mask: " + methods);
        }
    }
}
