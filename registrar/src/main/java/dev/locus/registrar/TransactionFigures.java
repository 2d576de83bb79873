package dev.locus.registrar;

/**
 * The location service's transaction counts since start, with the meaning of Kamailio's tmx statistics.
 *
 * @param serverTransactions requests received and proxied statefully ({@code tmx:UAS_transactions})
 * @param clientTransactions branches sent ({@code tmx:UAC_transactions})
 * @param inUse              proxied requests still open ({@code tmx:inuse_transactions})
 * @param relayedBranches    branches sent through the node that holds the callee's flow
 */
public record TransactionFigures(long serverTransactions, long clientTransactions, long inUse, long replied2xx,
                                 long replied3xx, long replied4xx, long replied5xx, long replied6xx,
                                 long relayedBranches) {
}
