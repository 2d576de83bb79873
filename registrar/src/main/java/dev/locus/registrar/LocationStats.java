package dev.locus.registrar;

/** Counts over the whole store at one instant: AORs with at least one live binding, and live bindings. */
public record LocationStats(long users, long contacts) {
}
