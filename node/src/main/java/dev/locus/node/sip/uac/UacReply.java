package dev.locus.node.sip.uac;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The final reply to a {@link UacRequest}: received, or made up locally when none came in time (408).
 *
 * @param contact      the first Contact URI of the reply, without its angle brackets
 * @param recordRoutes the reply's Record-Route entries, top first
 * @param message      the reply from its first header line to the end of its body; empty for a local reply
 */
public record UacReply(int statusCode, String reasonPhrase, boolean local, Optional<String> contact,
                       List<RecordRoute> recordRoutes, String message) {

    /**
     * One Record-Route entry.
     *
     * @param text  as written: name-addr and parameters
     * @param uri   its URI, without angle brackets
     * @param loose whether the URI carries {@code lr}
     */
    public record RecordRoute(String text, String uri, boolean loose) {
    }

    public UacReply {
        Objects.requireNonNull(reasonPhrase, "reasonPhrase");
        Objects.requireNonNull(contact, "contact");
        recordRoutes = List.copyOf(recordRoutes);
        Objects.requireNonNull(message, "message");
    }

    /** No final reply within the transaction's time, as tm's local 408. */
    public static UacReply timeout() {
        return new UacReply(408, "Request Timeout", true, Optional.empty(), List.of(), "");
    }
}
