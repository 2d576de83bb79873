package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BindingIndexTest {

    private static final long NOW = 1_800_000_000L;
    private static final int N = 2000;

    private static Binding binding(String contact, String instance, int regId) {
        return new Binding("alice", "r", contact, "", "", "call", 1, NOW + 60, Binding.NO_Q, 0, 0, "", "",
                Binding.ALL_METHODS, instance, regId, NOW);
    }

    private static List<Binding> stored() {
        List<Binding> stored = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            stored.add(binding("sip:alice@192.0.2." + (i % 250) + ":" + (5060 + i) + ";transport=udp", "", 0));
        }
        return stored;
    }

    @Test
    void matchingTwoThousandContactsAgainstTwoThousandStoredOnesComparesEachContactWithItsOwnMatchOnly() {
        BindingIndex index = new BindingIndex(stored());
        int found = 0;
        for (int i = 0; i < N; i++) {
            // The same URIs as stored, written differently (host case, parameter case, an extra parameter).
            if (index.find(binding("sip:alice@192.0.2." + (i % 250) + ":" + (5060 + i) + ";TRANSPORT=UDP;ob",
                    "", 0)) >= 0) {
                found++;
            }
        }
        for (int i = 0; i < N; i++) {
            assertThat(index.find(binding("sip:bob@192.0.2.1:" + (5060 + i), "", 0))).isEqualTo(-1);
        }
        assertThat(found).isEqualTo(N);
        assertThat(index.comparisons()).isEqualTo(N);
    }

    @Test
    void aContactDiffersFromAStoredOneByADecisiveParameterAndMatchesWhenOnlyOneSideHasAnOrdinaryOne() {
        BindingIndex index = new BindingIndex(List.of(binding("sip:a@192.0.2.1;foo=1", "", 0)));
        assertThat(index.find(binding("sip:a@192.0.2.1", "", 0))).isZero();
        assertThat(index.find(binding("sip:a@192.0.2.1;foo=2", "", 0))).isEqualTo(-1);
        assertThat(index.find(binding("sip:a@192.0.2.1;transport=tcp", "", 0))).isEqualTo(-1);
        assertThat(index.find(binding("SIP:a@192.0.2.1", "", 0))).isZero();
        assertThat(index.find(binding("sip:A@192.0.2.1", "", 0))).isEqualTo(-1);
    }

    @Test
    void aBindingWithAnInstanceIsFoundByInstanceAndRegIdWhateverItsContact() {
        BindingIndex index = new BindingIndex(List.of(binding("sip:a@192.0.2.1", "<urn:uuid:1>", 1)));
        assertThat(index.find(binding("sip:a@192.0.2.9", "<urn:uuid:1>", 1))).isZero();
        assertThat(index.find(binding("sip:a@192.0.2.1", "<urn:uuid:1>", 2))).isEqualTo(-1);
        assertThat(index.find(binding("sip:a@192.0.2.1", "", 0))).isEqualTo(-1);
    }

    @Test
    void aRemovedBindingIsNoLongerFoundNorListed() {
        BindingIndex index = new BindingIndex(List.of(binding("sip:a@192.0.2.1", "", 0), binding("sip:b@192.0.2.1", "", 0)));
        index.remove(index.find(binding("sip:a@192.0.2.1", "", 0)));
        assertThat(index.find(binding("sip:a@192.0.2.1", "", 0))).isEqualTo(-1);
        assertThat(index.bindings()).extracting(Binding::contact).containsExactly("sip:b@192.0.2.1");
    }
}
