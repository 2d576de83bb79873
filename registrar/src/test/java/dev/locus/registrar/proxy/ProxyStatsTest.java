package dev.locus.registrar.proxy;

import dev.locus.registrar.TransactionFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counts, and the figures derived from them as Kamailio's tmx derives its own. */
class ProxyStatsTest {

    private final ProxyStats stats = new ProxyStats();

    /** An INVITE forked to two phones: 100 Trying, a 180 and a 200 from one, a 487 from the other. */
    private void forkedCall() {
        stats.started();
        stats.generatedReply(100);
        stats.branch();
        stats.branch();
        stats.received(); // 180 from the first
        stats.relayedReply(180);
        stats.received(); // its 200
        stats.relayedReply(200);
        stats.completed();
    }

    @Test
    void aCallInProgressIsInUseAndWaitingOnceAnswered() {
        forkedCall();
        TransactionFigures f = stats.figures();
        assertThat(f.transactions()).isEqualTo(1);
        assertThat(f.localTransactions()).isZero();
        assertThat(f.inUse()).isEqualTo(1);
        assertThat(f.waiting()).as("answered, the second branch still to settle").isEqualTo(1);
        assertThat(f.active()).isZero();
        assertThat(f.branches()).isEqualTo(2);
        assertThat(f.finals(2)).isEqualTo(1);
    }

    @Test
    void repliesSplitIntoGeneratedRelayedAndAbsorbed() {
        forkedCall();
        stats.received(); // the 487 of the cancelled branch goes no further
        stats.received(); // the 200 to our CANCEL, likewise
        stats.ended();
        TransactionFigures f = stats.figures();
        assertThat(f.repliesReceived()).isEqualTo(4);
        assertThat(f.repliesGenerated()).isEqualTo(1);
        assertThat(f.repliesSent()).isEqualTo(3);
        assertThat(f.repliesRelayed()).isEqualTo(2);
        assertThat(f.repliesAbsorbed()).isEqualTo(2);
        assertThat(f.inUse()).isZero();
        assertThat(f.waiting()).isZero();
        assertThat(f.finals(4)).as("the absorbed 487 is no transaction's answer").isZero();
    }

    @Test
    void provisionalRepliesCountAmongRepliesButNotAmongFinals() {
        stats.started();
        stats.generatedReply(100);
        stats.received();
        stats.relayedReply(183);
        TransactionFigures f = stats.figures();
        assertThat(f.repliesSent()).isEqualTo(2);
        for (int cls = 2; cls <= 6; cls++) {
            assertThat(f.finals(cls)).isZero();
        }
        assertThat(f.active()).isEqualTo(1);
    }

    @Test
    void aCancelIsATransactionOfItsOwnAnsweredAtOnce() {
        stats.cancelAnswered();
        TransactionFigures f = stats.figures();
        assertThat(f.transactions()).isEqualTo(1);
        assertThat(f.finals(2)).isEqualTo(1);
        assertThat(f.repliesGenerated()).isEqualTo(1);
        assertThat(f.inUse()).isZero();
    }

    @Test
    void aLocalTransactionCountsAsBothKindsAndItsOutcomeByClass() {
        stats.localTransactionStarted();
        stats.localReplyReceived();
        TransactionFigures during = stats.figures();
        assertThat(during.transactions()).isEqualTo(1);
        assertThat(during.localTransactions()).isEqualTo(1);
        assertThat(during.inUse()).isEqualTo(1);

        stats.localTransactionCompleted(408);
        stats.localTransactionEnded();
        TransactionFigures after = stats.figures();
        assertThat(after.finals(4)).isEqualTo(1);
        assertThat(after.repliesSent()).as("Kamailio's local_reply counts it sent").isEqualTo(1);
        assertThat(after.inUse()).isZero();
    }

    @Test
    void figuresAreACopy() {
        forkedCall();
        TransactionFigures f = stats.figures();
        f.finals()[2] = 99;
        assertThat(f.finals(2)).isEqualTo(1);
    }
}
