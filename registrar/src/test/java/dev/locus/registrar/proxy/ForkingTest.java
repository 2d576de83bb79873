package dev.locus.registrar.proxy;

import dev.locus.registrar.proxy.Forking.Answer;
import dev.locus.registrar.proxy.Forking.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForkingTest {

    /** Two branches of equal q (0, 1), then one lower (2). */
    private final Forking forking = new Forking(List.of(2, 1));

    @Test
    void theFirstGroupGoesOutInParallel() {
        assertThat(forking.start().send()).containsExactly(0, 1);
    }

    @Test
    void aTwoHundredIsForwardedAndCancelsTheRingingBranchAndTheNextGroupNeverStarts() {
        forking.start();
        forking.provisional(1);
        Step ok = forking.fin(0, 200);
        assertThat(ok.forward()).isTrue();
        assertThat(ok.cancel()).containsExactly(1);
        assertThat(ok.answer().present()).isFalse();
        assertThat(forking.fin(1, 487)).isEqualTo(Step.NOTHING);
        assertThat(forking.settled()).isTrue();
    }

    @Test
    void aBranchWithoutAProvisionalAnswerIsCancelledOnItsFirstOne() {
        forking.start();
        Step ok = forking.fin(0, 200);
        assertThat(ok.cancel()).isEmpty();
        assertThat(forking.trying(1).cancel()).containsExactly(1);
    }

    @Test
    void everyTwoHundredIsForwardedEvenAfterTheFirst() {
        forking.start();
        forking.fin(0, 200);
        assertThat(forking.fin(1, 200).forward()).isTrue();
    }

    @Test
    void whenTheFirstGroupFailsTheNextOneIsTried() {
        forking.start();
        assertThat(forking.fin(0, 486)).isEqualTo(Step.NOTHING);
        assertThat(forking.fin(1, 486).send()).containsExactly(2);
        Step last = forking.fin(2, 480);
        assertThat(last.answer()).isEqualTo(Answer.of(2, 480));
    }

    @Test
    void aSixHundredEndsTheSearchAtOnce() {
        forking.start();
        forking.provisional(1);
        Step decline = forking.fin(0, 603);
        assertThat(decline.answer()).isEqualTo(Answer.of(0, 603));
        assertThat(decline.cancel()).containsExactly(1);
        assertThat(decline.send()).isEmpty();
        assertThat(forking.fin(1, 487).send()).as("no later group").isEmpty();
    }

    @Test
    void theBestFinalAnswerIsTheLowestClassWithTheActionableFourHundredsFirst() {
        Forking three = new Forking(List.of(3));
        three.start();
        three.fin(0, 503);
        three.fin(1, 486);
        assertThat(three.fin(2, 407).answer()).isEqualTo(Answer.of(2, 407));

        Forking two = new Forking(List.of(2));
        two.start();
        two.fin(0, 302);
        assertThat(two.fin(1, 404).answer()).isEqualTo(Answer.of(0, 302));
    }

    @Test
    void aTimeoutCountsAs408AfterAnyRealFourHundredAndCancelsARingingBranch() {
        Forking two = new Forking(List.of(2));
        two.start();
        two.provisional(0);
        Step silent = two.timeout(0);
        assertThat(silent.cancel()).containsExactly(0);
        assertThat(two.fin(1, 486).answer()).isEqualTo(Answer.of(1, 486));

        Forking one = new Forking(List.of(1));
        one.start();
        assertThat(one.timeout(0).answer()).isEqualTo(Answer.local(408));
    }

    @Test
    void theCallersCancelAnswers487AndStopsTheSearch() {
        forking.start();
        forking.provisional(0);
        Step cancel = forking.cancelAll();
        assertThat(cancel.answer()).isEqualTo(Answer.local(487));
        assertThat(cancel.cancel()).containsExactly(0);
        assertThat(forking.trying(1).cancel()).containsExactly(1);
        forking.fin(0, 487);
        assertThat(forking.fin(1, 487).send()).isEmpty();
        assertThat(forking.settled()).isTrue();
    }

    @Test
    void provisionalAnswersAreForwardedOnlyUntilTheFinalOne() {
        forking.start();
        assertThat(forking.provisional(0).forward()).isTrue();
        forking.fin(1, 200);
        assertThat(forking.provisional(0).forward()).isFalse();
    }
}
