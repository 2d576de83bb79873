package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;
import dev.locus.node.sip.uac.UacFigures;
import dev.locus.registrar.TransactionFigures;

import java.util.function.Supplier;

/**
 * {@code tm.stats} and {@code sl.stats}, member for member as Kamailio 5.6 answers them ({@code tm/t_stats.c}
 * {@code tm_rpc_stats}, {@code sl/sl_stats.c} {@code rpc_stats}).
 */
public final class TransactionMethods {

    private final Supplier<TransactionFigures> transactions;
    private final Supplier<StatelessReplyFigures> replies;

    public TransactionMethods(Supplier<TransactionFigures> transactions, Supplier<StatelessReplyFigures> replies) {
        this.transactions = transactions;
        this.replies = replies;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("tm.stats", "Print transaction statistics.", params -> tmStats(transactions.get()));
        methods.register("sl.stats", "Print reply statistics.", params -> slStats(replies.get()));
    }

    static JsonNode tmStats(TransactionFigures t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("current", t.inUse());
        o.put("waiting", t.waiting());
        o.put("total", t.transactions());
        o.put("total_local", t.localTransactions());
        o.put("rpl_received", t.repliesReceived());
        o.put("rpl_generated", t.repliesGenerated());
        o.put("rpl_sent", t.repliesSent());
        for (int cls = 6; cls >= 2; cls--) {
            o.put(cls + "xx", t.finals(cls));
        }
        // Kamailio's cell memory: a Locus transaction is one object, made when it starts and dropped when it ends.
        o.put("created", t.transactions());
        o.put("freed", t.ended());
        o.put("delayed_free", 0);
        return o;
    }

    /**
     * The location service's transactions with the requests {@code tm.t_uac_*} sent: Kamailio counts a local request
     * as a transaction (total, total_local), ended with its final reply or local 408, and the replies it receives.
     */
    public static TransactionFigures withLocal(TransactionFigures t, UacFigures local) {
        return new TransactionFigures(t.transactions() + local.started(), t.localTransactions() + local.started(),
                t.completed() + local.finished(), t.ended() + local.finished(), t.repliesReceived() + local.replies(),
                t.repliesGenerated(), t.repliesSent(), t.finals(), t.branches(), t.relayedBranches());
    }

    /** Every bucket but 1xx, which Kamailio's sl.stats leaves out (its statistic sl:1xx_replies has it). */
    static JsonNode slStats(StatelessReplyFigures r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (StatelessReplyKind kind : StatelessReplyKind.values()) {
            if (kind != StatelessReplyKind.R1XX) {
                o.put(kind.label(), r.sent(kind));
            }
        }
        return o;
    }
}
