package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregRow;
import java.util.Objects;

/** What one row became at load: a trunk to register, or a row-level error that is kept and shown, not skipped. */
public sealed interface TrunkLoad {

    record Valid(Trunk trunk) implements TrunkLoad {
    }

    record Invalid(UacregRow row, String reason) implements TrunkLoad {
        public Invalid {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
