package dev.locus.registrar.replication;

import dev.locus.registrar.Binding;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Kamailio input is applied as its owner applied it, unless its own CSeq shows it older (BindingOrder). */
class ReplicatedChangesTest {

    private static final long NOW = 1_800_000_000L;

    private static Binding b(String ruid, String contact, long cseq, long lastModified) {
        return new Binding("alice", ruid, contact, "", "", "call", cseq, NOW + 600, Binding.NO_Q, 0, 0, "", "",
                Binding.ALL_METHODS, "", 0, lastModified);
    }

    @Test
    void anUnknownBindingIsAdded() {
        ChangeResult r = new ReplicatedUpsert(NOW, b("k1", "sip:a@192.0.2.1", 1, NOW)).apply("alice", List.of());
        assertThat(r.added()).hasSize(1);
    }

    @Test
    void aReRegistrationUnderANewCallIdInTheSameSecondIsApplied() {
        Binding stored = b("k1", "sip:a@192.0.2.1", 5, NOW);
        Binding fresh = new Binding("alice", "k1", "sip:a@192.0.2.1", "", "", "other-call", 1, NOW + 3600,
                Binding.NO_Q, 0, 0, "", "", Binding.ALL_METHODS, "", 0, NOW);
        assertThat(new ReplicatedUpsert(NOW, fresh).apply("alice", List.of(stored)).current()).containsExactly(fresh);
    }

    @Test
    void aLateUpdateWithALowerCSeqUnderTheSameCallIdIsIgnored() {
        Binding stored = b("k1", "sip:a@192.0.2.1", 5, NOW);
        assertThat(new ReplicatedUpsert(NOW, b("k1", "sip:a@192.0.2.1", 4, NOW + 1)).apply("alice", List.of(stored)).status())
                .isEqualTo(ChangeStatus.IGNORED);
    }

    @Test
    void anIdenticalRepeatChangesNothing() {
        Binding stored = b("k1", "sip:a@192.0.2.1", 5, NOW);
        assertThat(new ReplicatedUpsert(NOW, stored).apply("alice", List.of(stored)).status()).isEqualTo(ChangeStatus.IGNORED);
    }

    @Test
    void aContactKnownUnderAnotherRuidKeepsTheLocalRuidAsKamailioDoes() {
        Binding stored = b("local", "sip:a@192.0.2.1", 1, NOW);
        ChangeResult r = new ReplicatedUpsert(NOW, b("remote", "sip:a@192.0.2.1", 2, NOW + 1)).apply("alice", List.of(stored));
        assertThat(r.current()).singleElement().extracting(Binding::ruid).isEqualTo("local");
    }

    @Test
    void anAlreadyExpiredBindingIsNotStored() {
        Binding expired = b("k1", "sip:a@192.0.2.1", 1, NOW).withExpires(NOW - 1);
        assertThat(new ReplicatedUpsert(NOW, expired).apply("alice", List.of()).status()).isEqualTo(ChangeStatus.IGNORED);
    }

    @Test
    void removalIsByRuidOnly() {
        Binding stored = b("k1", "sip:a@192.0.2.1", 1, NOW);
        assertThat(new ReplicatedRemove(NOW, "other").apply("alice", List.of(stored)).status()).isEqualTo(ChangeStatus.IGNORED);
        assertThat(new ReplicatedRemove(NOW, "k1").apply("alice", List.of(stored)).current()).isEmpty();
    }
}
