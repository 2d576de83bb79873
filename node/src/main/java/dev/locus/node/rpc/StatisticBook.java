package dev.locus.node.rpc;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Where Kamailio's statistic names meet the node's Micrometer meters: each statistic is entered with the meter(s)
 * that count it, registering a meter first when a module keeps the figure itself. Meter names are dotted
 * ({@code locus.registrar.accepted_regs}); Prometheus's naming turns them into {@code locus_registrar_accepted_regs_total}.
 */
public final class StatisticBook {

    private final MeterRegistry meters;
    private final List<Statistic> statistics = new ArrayList<>();

    public StatisticBook(MeterRegistry meters) {
        this.meters = meters;
    }

    public MeterRegistry meters() {
        return meters;
    }

    // Micrometer holds what a meter reads weakly: the statistic holds the supplier, and stats.* holds the statistics.

    /** A count since start that a module keeps itself: a Micrometer function counter reading it. */
    public StatisticBook counter(String group, String name, String meter, Tags tags, String description,
                                 LongSupplier value) {
        FunctionCounter counter = FunctionCounter.builder(meter, value, v -> (double) v.getAsLong())
                .tags(tags).description(description).register(meters);
        return add(new Statistic(group, name, List.of(counter), true, value));
    }

    /** A figure of now or a setting: a Micrometer gauge. */
    public StatisticBook gauge(String group, String name, String meter, Tags tags, String description,
                               LongSupplier value) {
        Gauge gauge = Gauge.builder(meter, value, v -> (double) v.getAsLong())
                .tags(tags).description(description).register(meters);
        return add(new Statistic(group, name, List.of(gauge), false, value));
    }

    /** A statistic read from meters registered elsewhere (counters a module increments). */
    public StatisticBook of(String group, String name, boolean resettable, List<? extends Meter> counted) {
        return add(new Statistic(group, name, List.copyOf(counted), resettable));
    }

    public StatisticBook add(Statistic statistic) {
        statistics.add(statistic);
        return this;
    }

    public List<Statistic> statistics() {
        return List.copyOf(statistics);
    }
}
