package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredBindingTest {

    private static Binding binding(String aor, String ruid, String contact, String callId, long expires) {
        return new Binding(aor, ruid, contact, "sip:198.51.100.7:5062", "<sip:edge.example.com;lr>", callId, 42,
                expires, 500, 1, 2, "Phone/1.0 (ünïcode)", "udp:192.0.2.10:5060", 0x1234L, "<urn:uuid:00000000>", 3,
                1_700_000_000L);
    }

    @Test
    void aBindingComesBackEqualWithEveryField() {
        Binding b = binding("alice", "uloc-1-2-3", "sip:alice@192.0.2.1:5060;ob", "call-ÿ-€-1", 1_700_000_600L);
        assertThat(StoredBinding.of(b).toBinding("alice")).isEqualTo(b);
        Binding empty = binding("bob", "r", "sip:bob@192.0.2.2", "", Binding.PERMANENT);
        assertThat(StoredBinding.of(empty).toBinding("bob")).isEqualTo(empty);
        assertThat(StoredBinding.of(empty).isExpiredAt(Long.MAX_VALUE)).as("permanent").isFalse();
    }

    @Test
    void aStoredAorSharesOneAorStringAndCountsLiveBindingsWithoutRebuildingThem() {
        String aor = new String("carol".toCharArray());
        AorState state = new AorState(aor, List.of(binding("carol", "r1", "sip:c@192.0.2.3", "c1", 100),
                binding("carol", "r2", "sip:c@192.0.2.4", "c2", 200)), List.of());
        assertThat(state.contacts()).allSatisfy(b -> assertThat(b.aor()).isSameAs(aor));
        assertThat(state.liveCount(150)).isEqualTo(1);
        assertThat(state.liveAt(150)).extracting(Binding::ruid).containsExactly("r2");
        assertThat(state).isEqualTo(new AorState("carol", state.contacts(), List.of()));
    }

    @Test
    void sharedFieldsAreOneStringAcrossBindings() {
        Binding a = StoredBinding.of(binding("d", "r1", "sip:d@192.0.2.5", "x", 100)).toBinding("d");
        Binding b = StoredBinding.of(binding("e", "r2", "sip:e@192.0.2.6", "y", 100)).toBinding("e");
        assertThat(a.userAgent()).isSameAs(b.userAgent());
        assertThat(a.socket()).isSameAs(b.socket());
    }

    @Test
    void aFieldBeyondWhatAMessageCanCarryIsRefused() {
        assertThatThrownBy(() -> StoredBinding.of(binding("f", "r", "sip:f@192.0.2.7", "c".repeat(70_000), 100)))
                .hasMessageContaining("65535");
    }
}
