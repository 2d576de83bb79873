package dev.locus.registrar.location;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts bindings that this node saw expire (Kamailio's {@code usrloc:location_expires}). */
public final class LocationMetrics implements LocationListener {

    public static final String EXPIRED = "locus.usrloc.location_expires";

    private final Counter expired;

    public LocationMetrics(MeterRegistry registry) {
        this.expired = Counter.builder(EXPIRED).description("bindings purged after expiry").register(registry);
    }

    @Override
    public void onChange(BindingChange cause, ChangeResult result) {
        if (!result.expired().isEmpty()) {
            expired.increment(result.expired().size());
        }
    }

    public long expiredCount() {
        return (long) expired.count();
    }
}
