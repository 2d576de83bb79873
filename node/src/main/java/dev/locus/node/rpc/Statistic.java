package dev.locus.node.rpc;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;

import java.util.List;

/**
 * One Kamailio-style statistic, {@code group:name}, read from the Micrometer meters that count it (several when
 * Prometheus keeps apart by a label what Kamailio sums, as {@code core:rcv_requests} over the methods): what
 * {@code stats.get_statistics} prints and {@code /metrics} exposes is one count.
 *
 * @param resettable whether {@code stats.reset_statistics} zeroes it: counters yes; gauges (figures of now, settings)
 *                   no, as Kamailio's {@code STAT_NO_RESET} and function statistics
 * @param source     what a function meter reads, held here: Micrometer holds it only weakly
 */
public record Statistic(String group, String name, List<Meter> meters, boolean resettable, Object source) {

    public Statistic {
        meters = List.copyOf(meters);
    }

    public Statistic(String group, String name, List<Meter> meters, boolean resettable) {
        this(group, name, meters, resettable, "");
    }

    public String qualifiedName() {
        return group + ":" + name;
    }

    /** The sum of the meters' first measurement (a counter's count, a gauge's value). */
    public long value() {
        double sum = 0;
        for (Meter meter : meters) {
            for (Measurement m : meter.measure()) {
                double v = m.getValue();
                if (!Double.isNaN(v)) {
                    sum += v;
                }
                break;
            }
        }
        return (long) sum;
    }
}
