package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import java.util.List;

/**
 * One atomic change to the bindings of one AOR, run on the member that owns the AOR (and again on its backups).
 * Implementations are small immutable records with a registered compact serializer; they must be
 * deterministic, because a backup replays the same change: everything random or time-dependent (new ruids,
 * "now") is decided by the caller and carried in the record.
 */
public interface BindingChange {

    /** The instant, in UNIX seconds, at which the change happens: bindings expired by then are swept out first. */
    long now();

    /**
     * @param live the AOR's bindings that have not expired at {@link #now()}, possibly empty
     * @return the outcome; {@code current} of an {@link ChangeStatus#APPLIED} result becomes the stored value
     */
    ChangeResult apply(String aor, List<Binding> live);
}
