package dev.locus.registrar;

/** The cluster did not take a settings change in time (a member frozen, the cluster shutting down). */
public final class SettingsUnavailableException extends RuntimeException {

    public SettingsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
