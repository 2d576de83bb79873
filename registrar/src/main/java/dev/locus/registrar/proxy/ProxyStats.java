package dev.locus.registrar.proxy;

import dev.locus.registrar.LocalTransactions;
import dev.locus.registrar.TransactionFigures;

import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's transaction counts, with the meaning of Kamailio 5.6's tm statistics ({@code tm/t_stats.h}): every
 * event is one add to a striped counter, and a reading derives the rest (in use, waiting, relayed, absorbed) as
 * Kamailio's tmx does.
 */
public final class ProxyStats implements LocalTransactions {

    private final LongAdder transactions = new LongAdder();
    private final LongAdder local = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder generated = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder[] finals = new LongAdder[7];
    private final LongAdder branches = new LongAdder();
    private final LongAdder relayed = new LongAdder();

    public ProxyStats() {
        for (int cls = 2; cls <= 6; cls++) {
            finals[cls] = new LongAdder();
        }
    }

    /** A server transaction for a request received: in use until {@link #ended()}. */
    void started() {
        transactions.increment();
    }

    /** Its first final answer went upstream (Kamailio puts the cell on wait). */
    void completed() {
        completed.increment();
    }

    void ended() {
        ended.increment();
    }

    /** A branch sent (a client transaction). */
    void branch() {
        branches.increment();
    }

    /** A branch sent through the node holding the callee's flow. */
    void relayed() {
        relayed.increment();
    }

    /** A reply on one of our branches, or to a CANCEL we sent down one. */
    void received() {
        received.increment();
    }

    /** A reply received and passed upstream. */
    void relayedReply(int status) {
        sent.increment();
        countFinal(status);
    }

    /** A reply the proxy built itself and sent upstream on a transaction. */
    void generatedReply(int status) {
        sent.increment();
        generated.increment();
        countFinal(status);
    }

    /** A CANCEL answered 200 on its own transaction: Kamailio makes it a cell of its own, answered at once. */
    void cancelAnswered() {
        started();
        generatedReply(200);
        completed();
        ended();
    }

    @Override
    public void localTransactionStarted() {
        transactions.increment();
        local.increment();
    }

    @Override
    public void localReplyReceived() {
        received();
    }

    @Override
    public void localTransactionCompleted(int status) {
        sent.increment();
        countFinal(status);
        completed();
    }

    @Override
    public void localTransactionEnded() {
        ended();
    }

    private void countFinal(int status) {
        int cls = status / 100;
        if (cls >= 2 && cls <= 6) {
            finals[cls].increment();
        }
    }

    /**
     * The counts now. Each counter is read before those its events always follow (an end before the completion and the
     * start; a generated reply before it is counted sent; a relayed reply before its receipt), so a reading taken
     * while traffic flows never shows more ended than started or more relayed than received.
     */
    public TransactionFigures figures() {
        long endedNow = ended.sum();
        long completedNow = completed.sum();
        long generatedNow = generated.sum();
        long sentNow = sent.sum();
        long receivedNow = received.sum();
        long[] byClass = new long[7];
        for (int cls = 2; cls <= 6; cls++) {
            byClass[cls] = finals[cls].sum();
        }
        return new TransactionFigures(transactions.sum(), local.sum(), completedNow, endedNow, receivedNow,
                generatedNow, sentNow, byClass, branches.sum(), relayed.sum());
    }
}
