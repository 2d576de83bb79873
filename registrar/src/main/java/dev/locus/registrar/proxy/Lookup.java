package dev.locus.registrar.proxy;

import java.util.List;

/** What the location service found for a Request-URI: targets to fork to, or the status that says why not. */
record Lookup(List<Target> targets, int status, String reason) {

    Lookup {
        targets = List.copyOf(targets);
    }

    static Lookup found(List<Target> targets) {
        return new Lookup(targets, 0, "");
    }

    static Lookup refused(int status, String reason) {
        return new Lookup(List.of(), status, reason);
    }

    boolean isFound() {
        return !targets.isEmpty();
    }
}
