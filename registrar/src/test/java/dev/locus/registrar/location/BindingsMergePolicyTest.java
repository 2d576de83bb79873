package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
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

    @Test
    void eachBindingKeepsItsNewestVersionAndNoHalfIsLost() {
        Bindings left = new Bindings("alice", List.of(b("r1", "sip:a@192.0.2.1", 5, T + 10), b("r2", "sip:b@192.0.2.2", 1, T)));
        Bindings right = new Bindings("alice", List.of(b("r1", "sip:a@192.0.2.1", 3, T + 5), b("r3", "sip:c@192.0.2.3", 1, T)));
        Bindings merged = BindingsMergePolicy.merge(left, right);
        assertThat(merged.contacts()).extracting(Binding::ruid).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(merged.contacts()).filteredOn(x -> x.ruid().equals("r1")).singleElement()
                .extracting(Binding::cseq).isEqualTo(5L);
    }

    @Test
    void theSameContactUnderTwoRuidsIsOneBinding() {
        Bindings left = new Bindings("alice", List.of(b("x", "sip:a@192.0.2.1", 1, T + 20)));
        Bindings right = new Bindings("alice", List.of(b("y", "sip:a@192.0.2.1", 9, T)));
        assertThat(BindingsMergePolicy.merge(left, right).contacts()).singleElement().extracting(Binding::ruid).isEqualTo("x");
    }
}
