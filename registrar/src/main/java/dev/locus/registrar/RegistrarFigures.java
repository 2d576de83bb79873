package dev.locus.registrar;

/**
 * The registrar's counters on this node, since it started.
 *
 * @param acceptedRegisters REGISTERs answered 200
 * @param rejectedRegisters REGISTERs answered with an error (authentication challenges not counted)
 * @param expiredBindings   bindings this node's expiry sweep removed
 */
public record RegistrarFigures(long acceptedRegisters, long rejectedRegisters, long authChallenges,
                               long authSuccesses, long authFailures, long expiredBindings) {
}
