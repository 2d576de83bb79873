package dev.locus.uacreg.trunk;

import java.util.Objects;

/** What one row became at load: a trunk to register, or a row-level error that is kept and shown, not skipped. */
public sealed interface TrunkLoad {

    /** The key a reload diffs on: l_uuid, or the row id for a row whose l_uuid is empty. */
    String key();

    record Valid(Trunk trunk) implements TrunkLoad {
        @Override
        public String key() {
            return trunk.lUuid();
        }
    }

    record Invalid(UacregRow row, String reason) implements TrunkLoad {
        public Invalid {
            Objects.requireNonNull(row, "row");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String key() {
            return row.lUuid().isEmpty() ? "#" + row.id() : row.lUuid();
        }
    }
}
