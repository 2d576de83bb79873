package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for two versions of one binding, as REGISTER, Kamailio input and the split-brain merge use it. */
class BindingOrderTest {

    private static final long T = 1_800_000_000L;

    private static Binding v(String callId, long cseq, long lastModified, long expires) {
        return new Binding("alice", "r1", "sip:a@192.0.2.1", "", "", callId, cseq, expires, Binding.NO_Q, 0, 0, "",
                "", Binding.ALL_METHODS, "", 0, lastModified);
    }

    @Test
    void aRequestUnderTheSameCallIdWithACSeqNotHigherIsStale() {
        Binding stored = v("call-a", 5, T, T + 60);
        assertThat(BindingOrder.isStale("call-a", 5, stored)).isTrue();
        assertThat(BindingOrder.isStale("call-a", 4, stored)).isTrue();
        assertThat(BindingOrder.isStale("call-a", 6, stored)).isFalse();
        assertThat(BindingOrder.isStale("call-b", 1, stored)).isFalse();
    }

    @Test
    void theOwnersReRegistrationUnderANewCallIdInTheSameSecondReplacesTheStoredVersion() {
        Binding stored = v("call-a", 5, T, T + 60);
        assertThat(BindingOrder.ownerOverrides(v("call-b", 1, T, T + 3600), stored)).isTrue();
    }

    @Test
    void theOwnersChangeIsRefusedOnlyWhenItsOwnCSeqShowsItOlder() {
        Binding stored = v("call-a", 5, T, T + 60);
        assertThat(BindingOrder.ownerOverrides(v("call-a", 4, T + 9, T + 60), stored)).isFalse();
        assertThat(BindingOrder.ownerOverrides(v("call-a", 5, T, T + 120), stored)).isTrue();
        assertThat(BindingOrder.ownerOverrides(v("call-b", 1, T - 1, T + 60), stored)).isTrue();
    }

    @Test
    void underOneCallIdTheHigherCSeqIsLaterWhateverItsTimestamp() {
        assertThat(BindingOrder.LATEST.compare(v("call-a", 6, T - 1, T + 60), v("call-a", 5, T, T + 60))).isPositive();
    }

    @Test
    void acrossCallIdsTheLaterLastModifiedIsLater() {
        assertThat(BindingOrder.LATEST.compare(v("call-b", 1, T + 1, T + 60), v("call-a", 9, T, T + 60))).isPositive();
    }

    @Test
    void twoCallIdsInTheSameSecondAreOrderedByTheLaterExpiryThenTheHigherCSeq() {
        Binding old = v("call-a", 5, T, T + 60);
        assertThat(BindingOrder.LATEST.compare(v("call-b", 1, T, T + 3600), old)).isPositive();
        assertThat(BindingOrder.LATEST.compare(v("call-b", 1, T, T + 60), old)).isNegative();
    }

    @Test
    void theOrderIsAntisymmetricSoEitherHalfMergesToTheSameAnswer() {
        Binding[] versions = {v("call-a", 5, T, T + 60), v("call-b", 1, T, T + 60), v("call-b", 1, T, T + 61),
                v("call-a", 5, T, T + 60).withRuid("r2"), v("call-c", 5, T, T + 60), v("call-a", 6, T - 3, T)};
        for (Binding a : versions) {
            for (Binding b : versions) {
                assertThat(Integer.signum(BindingOrder.LATEST.compare(a, b)))
                        .isEqualTo(-Integer.signum(BindingOrder.LATEST.compare(b, a)));
                if (!a.equals(b)) {
                    assertThat(BindingOrder.LATEST.compare(a, b)).isNotZero();
                }
            }
        }
    }
}
