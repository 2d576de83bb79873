package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.LocationStats;
import dev.locus.registrar.Binding;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * The registrar's only door to usrloc state, in the role of Kamailio's {@code usrloc_api_t}. Reads never return
 * an expired binding.
 */
public interface LocationStore {

    /** The AOR's live bindings at {@code nowSeconds}, in insertion order; empty when it has none. */
    List<Binding> lookup(String aor, long nowSeconds);

    /** {@link #lookup}, answered when the AOR's owner answers: a caller can bound its wait. */
    CompletionStage<List<Binding>> lookupAsync(String aor, long nowSeconds);

    /** Applies one change atomically for this AOR on the member that owns it; listeners hear of it on completion. */
    CompletionStage<ChangeResult> apply(String aor, BindingChange change);

    /** Every AOR that has live bindings at {@code nowSeconds} (for ul.dump and full syncs). */
    Stream<Bindings> snapshot(long nowSeconds);

    LocationStats stats(long nowSeconds);

    /** Replication and metrics subscribe here. Listeners are called on the completing thread and must not block. */
    void addListener(LocationListener listener);
}
