package dev.locus.node.health;

import java.util.ArrayList;
import java.util.List;

/** Whether the node should get traffic: every probe passes. */
public final class Readiness {

    /** The probes' answers, in order, and whether all passed. */
    public record Report(boolean ready, List<Check> checks) {

        public Report {
            checks = List.copyOf(checks);
        }
    }

    private final List<Probe> probes;

    public Readiness(List<Probe> probes) {
        this.probes = List.copyOf(probes);
    }

    public Report report() {
        List<Check> checks = new ArrayList<>();
        boolean ready = true;
        for (Probe probe : probes) {
            Check check;
            try {
                check = probe.check();
            } catch (RuntimeException e) {
                check = Check.failing("probe", "a probe failed: " + e);
            }
            checks.add(check);
            ready &= check.ok();
        }
        return new Report(ready, checks);
    }
}
