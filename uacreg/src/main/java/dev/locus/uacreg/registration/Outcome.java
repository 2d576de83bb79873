package dev.locus.uacreg.registration;

/** What a trunk does after a final reply. */
public sealed interface Outcome {

    /** Bound at the carrier for {@code granted} seconds. */
    record Registered(int granted) implements Outcome {
    }

    /** The un-REGISTER (Expires: 0) went through. */
    record Unregistered() implements Outcome {
    }

    /**
     * The carrier challenged and the trunk may answer: with its secrets read, send again in the same dialog.
     *
     * @param headerName {@code Authorization} (401) or {@code Proxy-Authorization} (407)
     */
    record Challenged(Challenge challenge, String headerName, boolean staleRetry) implements Outcome {
    }

    /** Send again in the same dialog with these credentials. */
    record Answer(OutgoingRegister.AuthorizationHeader header, boolean staleRetry) implements Outcome {
    }

    /** 423: send again asking for this many seconds. */
    record RaiseExpires(int expires) implements Outcome {
    }

    /** The attempt failed; it is retried later. */
    record Failed(int code, String reason, int retryAfter) implements Outcome {
    }
}
