package dev.locus.registrar.registration;

import java.util.List;
import java.util.Objects;

/** The verdict of the stateless REGISTER rules: a request to apply, or a refusal to answer at once. */
public sealed interface Validation {

    record Accepted(RegisterRequest request) implements Validation {
        public Accepted {
            Objects.requireNonNull(request, "request");
        }
    }

    /** @param unsupported the options to list in Unsupported (for 420), else empty */
    record Rejected(RegistrationError error, List<String> unsupported) implements Validation {
        public Rejected {
            Objects.requireNonNull(error, "error");
            unsupported = List.copyOf(unsupported);
        }

        public static Rejected of(RegistrationError error) {
            return new Rejected(error, List.of());
        }
    }
}
