package dev.locus.registrar;

/**
 * The location service's transaction counts since start, with the meaning of Kamailio 5.6's tm/tmx statistics
 * ({@code tm/t_stats.h}, {@code tmx/tmx_mod.c}). A Kamailio "transaction" is a proxied request with all its branches
 * (one cell), or a request the node sends on its own account; a branch is not one.
 *
 * @param transactions      every transaction started: proxied requests, answered CANCELs and local ones
 *                          ({@code tmx:UAS_transactions}, {@code tm.stats} total)
 * @param localTransactions requests this node originated ({@code tmx:UAC_transactions}, {@code tm.stats} total_local)
 * @param completed         transactions whose final answer has gone upstream (Kamailio's count of cells put on wait)
 * @param ended             transactions finished with, every branch settled (Kamailio's deleted cells)
 * @param repliesReceived   replies received on branches, provisional and final, and to the CANCELs sent down them
 *                          ({@code tmx:rpl_received})
 * @param repliesGenerated  replies the node built itself on a transaction: 100 Trying, 408/480/487 when no branch
 *                          answered, 500 for a 503, the 200 to a CANCEL ({@code tmx:rpl_generated})
 * @param repliesSent       replies sent upstream on a transaction, relayed or generated ({@code tmx:rpl_sent})
 * @param finals            final answers sent upstream by class, indexed 2..6; every relayed 2xx of a forked INVITE
 *                          counts ({@code tmx:2xx_transactions} ... {@code 6xx_transactions})
 * @param branches          branches sent (Locus only)
 * @param relayedBranches   branches sent through the node that holds the callee's flow (Locus only)
 */
public record TransactionFigures(long transactions, long localTransactions, long completed, long ended,
                                 long repliesReceived, long repliesGenerated, long repliesSent, long[] finals,
                                 long branches, long relayedBranches) {

    public TransactionFigures {
        if (finals.length != 7) {
            throw new IllegalArgumentException("finals are indexed by class 2..6: 7 slots, not " + finals.length);
        }
        finals = finals.clone();
    }

    @Override
    public long[] finals() {
        return finals.clone();
    }

    /** Final answers of class {@code cls} (2..6) sent upstream. */
    public long finals(int cls) {
        return finals[cls];
    }

    /** Transactions not yet ended ({@code tmx:inuse_transactions}, {@code tm.stats} current). */
    public long inUse() {
        return Math.max(0, transactions - ended);
    }

    /** Transactions answered but not yet ended ({@code tm.stats} waiting). */
    public long waiting() {
        return Math.max(0, completed - ended);
    }

    /** Transactions not yet answered ({@code tmx:active_transactions}). */
    public long active() {
        return Math.max(0, transactions - completed);
    }

    /** Replies received that went upstream ({@code tmx:rpl_relayed}). */
    public long repliesRelayed() {
        return Math.max(0, repliesSent - repliesGenerated);
    }

    /** Replies received that went no further ({@code tmx:rpl_absorbed}): retransmissions, losing branches' finals. */
    public long repliesAbsorbed() {
        return Math.max(0, repliesReceived - repliesRelayed());
    }
}
