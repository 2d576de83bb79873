package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BindingsMergePolicyTest {

    private static final long T = 1_800_000_000L;

    private static Binding b(String ruid, String contact, long cseq, long lastModified) {
        return new Binding("alice", ruid, contact, "", "", "call", cseq, T + 600, Binding.NO_Q, 0, 0, "", "",
                Binding.ALL_METHODS, "", 0, lastModified);
    }

    private static AorState state(List<Binding> contacts, List<Removal> removals) {
        return new AorState("alice", contacts, removals);
    }

    @Test
    void eachBindingKeepsItsNewestVersionAndNoHalfIsLost() {
        AorState left = state(List.of(b("r1", "sip:a@192.0.2.1", 5, T + 10), b("r2", "sip:b@192.0.2.2", 1, T)), List.of());
        AorState right = state(List.of(b("r1", "sip:a@192.0.2.1", 3, T + 5), b("r3", "sip:c@192.0.2.3", 1, T)), List.of());
        AorState merged = BindingsMergePolicy.merge(left, right);
        assertThat(merged.contacts()).extracting(Binding::ruid).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(merged.contacts()).filteredOn(x -> x.ruid().equals("r1")).singleElement()
                .extracting(Binding::cseq).isEqualTo(5L);
    }

    @Test
    void theSameContactUnderTwoRuidsIsOneBinding() {
        AorState left = state(List.of(b("x", "sip:a@192.0.2.1", 1, T + 20)), List.of());
        AorState right = state(List.of(b("y", "sip:a@192.0.2.1", 9, T)), List.of());
        // Under one Call-ID the UA's CSeq orders the versions, whatever the writers' clocks said.
        assertThat(BindingsMergePolicy.merge(left, right).contacts()).singleElement().extracting(Binding::ruid).isEqualTo("y");
        assertThat(BindingsMergePolicy.merge(right, left).contacts()).singleElement().extracting(Binding::ruid).isEqualTo("y");
    }

    @Test
    void aBindingTheOtherHalfRemovedDoesNotComeBackWhicheverHalfMergesIntoWhich() {
        Binding old = b("r1", "sip:a@192.0.2.1", 3, T);
        AorState frozen = state(List.of(old), List.of());
        AorState removedIt = state(List.of(), List.of(Removal.of(old, T + 20)));
        assertThat(BindingsMergePolicy.merge(frozen, removedIt).contacts()).isEmpty();
        assertThat(BindingsMergePolicy.merge(removedIt, frozen).contacts()).isEmpty();
    }

    @Test
    void aRemovalDoesNotUndoARegistrationMadeAfterIt() {
        Binding old = b("r1", "sip:a@192.0.2.1", 3, T);
        AorState removedIt = state(List.of(), List.of(Removal.of(old, T + 20)));
        AorState reRegistered = state(List.of(b("r9", "sip:a@192.0.2.1", 1, T + 21)), List.of());
        assertThat(BindingsMergePolicy.merge(reRegistered, removedIt).contacts()).extracting(Binding::ruid).containsExactly("r9");
    }

    @Test
    void aHalfsOwnReRegistrationAfterItsRemovalSurvivesTheOtherHalfsOldCopy() {
        Binding old = b("r1", "sip:a@192.0.2.1", 3, T);
        AorState removedAndBack = state(List.of(b("r9", "sip:a@192.0.2.1", 1, T + 20)), List.of(Removal.of(old, T + 20)));
        AorState frozen = state(List.of(old), List.of());
        assertThat(BindingsMergePolicy.merge(frozen, removedAndBack).contacts()).extracting(Binding::ruid).containsExactly("r9");
    }

    @Test
    void theMergedValueKeepsBothHalvesTombstones() {
        Removal left = Removal.of(b("r1", "sip:a@192.0.2.1", 3, T), T + 5);
        Removal right = Removal.of(b("r2", "sip:b@192.0.2.2", 3, T), T + 6);
        assertThat(BindingsMergePolicy.merge(state(List.of(), List.of(left)), state(List.of(), List.of(right))).removals())
                .containsExactlyInAnyOrder(left, right);
    }
}
