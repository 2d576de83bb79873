package dev.locus.registrar;

/**
 * Counting hooks for transactions this node originates itself (Kamailio's {@code t_uac}: {@code tm.t_uac_start},
 * {@code tm.t_uac_wait}, ...), not branches of a request it proxies. Kamailio counts such a transaction among all
 * transactions ({@code tmx:UAS_transactions}) and as local ({@code tmx:UAC_transactions}); the sender calls these.
 */
public interface LocalTransactions {

    /** A request sent on this node's own account: a new transaction, in use until {@link #localTransactionEnded}. */
    void localTransactionStarted();

    /** Any reply to it, provisional or final ({@code tmx:rpl_received}). */
    void localReplyReceived();

    /**
     * Its final outcome (the reply received, or 408 when none came): Kamailio's {@code local_reply} counts it by class
     * ({@code tmx:4xx_transactions}) and among {@code rpl_sent}, though it goes nowhere.
     */
    void localTransactionCompleted(int status);

    /** The transaction is gone (its timers ended). */
    void localTransactionEnded();
}
