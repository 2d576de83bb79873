package dev.locus.node;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The node's one meter registry, Prometheus's: every count the modules keep, read by {@code stats.*} and scraped at
 * {@code /metrics}; with the JVM's figures and the Hazelcast member's.
 */
final class MetricsAssembly {

    private MetricsAssembly() {
    }

    static PrometheusMeterRegistry registry(Started started) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Micrometer's default pause detector makes every timer record go through a shared interval estimator
        // (an atomic per record, for coordinated-omission compensation nobody here reads): not on the SIP path.
        meters.config().pauseDetector(new NoPauseDetector());
        new JvmMemoryMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        started.add(gc::close);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        started.add(meters::close);
        return meters;
    }

    /**
     * The member: running or not, partitions it owns, and per map (bindings, nonces, trunks, htables) the entries
     * it owns and backs up and what they cost in heap. Maps made later (none is) would not be seen.
     */
    static void hazelcast(HazelcastInstance hazelcast, MeterRegistry meters) {
        Gauge.builder("locus.hazelcast.member.running", hazelcast, h -> h.getLifecycleService().isRunning() ? 1 : 0)
                .description("1 while this node's Hazelcast member runs").register(meters);
        Gauge.builder("locus.hazelcast.partitions.owned", hazelcast, h -> whileRunning(h, i -> i.getPartitionService()
                        .getPartitions().stream().filter(p -> i.getCluster().getLocalMember().equals(p.getOwner())).count()))
                .description("Hazelcast partitions this member owns").register(meters);
        for (DistributedObject object : hazelcast.getDistributedObjects()) {
            if (object instanceof IMap<?, ?> map) {
                String name = map.getName();
                mapGauge(meters, hazelcast, map, "locus.hazelcast.map.owned_entries", "entries this member owns",
                        LocalMapStats::getOwnedEntryCount, name);
                mapGauge(meters, hazelcast, map, "locus.hazelcast.map.backup_entries", "backup entries this member holds",
                        LocalMapStats::getBackupEntryCount, name);
                mapGauge(meters, hazelcast, map, "locus.hazelcast.map.heap_cost", "heap the map's entries take here (bytes)",
                        LocalMapStats::getHeapCost, name);
            }
        }
    }

    private static void mapGauge(MeterRegistry meters, HazelcastInstance hazelcast, IMap<?, ?> map, String meter,
                                 String description, ToDoubleFunction<LocalMapStats> figure, String name) {
        Gauge.builder(meter, map, m -> whileRunning(hazelcast, h -> figure.applyAsDouble(m.getLocalMapStats())))
                .tag("map", name).description(description).strongReference(true).register(meters);
    }

    /** A stopped member throws on every question: its gauges read NaN (absent) rather than fail each scrape. */
    private static double whileRunning(HazelcastInstance hazelcast, ToDoubleFunction<HazelcastInstance> figure) {
        return hazelcast.getLifecycleService().isRunning() ? figure.applyAsDouble(hazelcast) : Double.NaN;
    }
}
