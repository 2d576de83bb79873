package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;

import java.util.List;
import java.util.Objects;

/**
 * A REGISTER that passed every check that needs no stored state: the AOR key and each contact as the binding it
 * would become (a de-registration is a binding that expires at the request's instant).
 *
 * @param echoPath whether the 200 repeats the Path (the UA sent {@code Supported: path})
 */
public record RegisterRequest(String aor, String callId, long cseq, boolean wildcard, List<Binding> contacts,
                              List<String> path, boolean echoPath) {

    public RegisterRequest {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(callId, "callId");
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
        if (wildcard && !contacts.isEmpty()) {
            throw new IllegalArgumentException("a wildcard REGISTER carries no contacts");
        }
    }

    /** @param maxListedBytes the most the 200's Contact lines may take (0 = no limit) */
    public RegisterChange toChange(long nowSeconds, int maxContacts, long maxListedBytes) {
        return new RegisterChange(nowSeconds, callId, cseq, wildcard, contacts, maxContacts, maxListedBytes);
    }
}
