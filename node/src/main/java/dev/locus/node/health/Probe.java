package dev.locus.node.health;

/** A readiness condition; checked on each {@code /health/ready}, so it must answer within about two seconds. */
@FunctionalInterface
public interface Probe {

    Check check();
}
