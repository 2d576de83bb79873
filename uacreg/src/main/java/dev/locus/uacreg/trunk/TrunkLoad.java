package dev.locus.uacreg.trunk;

import java.util.Objects;

/** What one row became at load: a trunk to register, or a row-level error that is kept and shown, not skipped. */
public sealed interface TrunkLoad {

    record Valid(Trunk trunk) implements TrunkLoad {
    }

    record Invalid(TrunkRow row, String reason) implements TrunkLoad {
        public Invalid {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
