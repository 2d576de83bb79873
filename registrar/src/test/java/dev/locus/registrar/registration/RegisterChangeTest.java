package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterChangeTest {

    private static final long NOW = 1_800_000_000L;
    private static final String AOR = "alice";

    private static Binding binding(String contact, String ruid, String callId, long cseq, long expires) {
        return new Binding(AOR, ruid, contact, "", "", callId, cseq, expires, Binding.NO_Q, 0, 0, "", "",
                Binding.ALL_METHODS, "", 0, NOW);
    }

    private static Binding instanceBinding(String contact, String ruid, String instance, int regId) {
        return new Binding(AOR, ruid, contact, "", "", "c", 1, NOW + 60, Binding.NO_Q, 0, 0, "", "",
                Binding.ALL_METHODS, instance, regId, NOW);
    }

    private static ChangeResult register(List<Binding> live, String callId, long cseq, Binding... contacts) {
        return new RegisterChange(NOW, callId, cseq, false, List.of(contacts), 0).apply(AOR, live);
    }

    @Test
    void newContactIsAdded() {
        Binding c = binding("sip:a@192.0.2.1", "r1", "call", 1, NOW + 60);
        ChangeResult r = register(List.of(), "call", 1, c);
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.current()).containsExactly(c);
        assertThat(r.added()).containsExactly(c);
    }

    @Test
    void refreshWithAHigherCseqUpdatesAndKeepsTheRuid() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 1, NOW + 60);
        ChangeResult r = register(List.of(old), "call", 2, binding("sip:a@192.0.2.1", "r2", "call", 2, NOW + 600));
        assertThat(r.current()).singleElement().satisfies(b -> {
            assertThat(b.ruid()).isEqualTo("r1");
            assertThat(b.expires()).isEqualTo(NOW + 600);
            assertThat(b.cseq()).isEqualTo(2);
        });
        assertThat(r.updated()).hasSize(1);
    }

    @Test
    void equalCseqIsARetransmissionAndChangesNothing() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 5, NOW + 60);
        ChangeResult r = register(List.of(old), "call", 5, binding("sip:a@192.0.2.1", "r2", "call", 5, NOW + 600));
        assertThat(r.status()).isEqualTo(ChangeStatus.IGNORED);
        assertThat(r.current()).containsExactly(old);
        assertThat(r.changedAnything()).isFalse();
    }

    @Test
    void lowerCseqIsRefusedAsAnInvalidCseqAndChangesNothing() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 5, NOW + 60);
        RegisterChange change = new RegisterChange(NOW, "call", 4, false,
                List.of(binding("sip:a@192.0.2.1", "r2", "call", 4, NOW)), 0);
        ChangeResult r = change.apply(AOR, List.of(old));
        assertThat(r.status()).isEqualTo(ChangeStatus.REFUSED);
        assertThat(r.current()).containsExactly(old);
        assertThat(change.refusal(r.current())).isEqualTo(RegistrationError.BAD_CSEQ);
    }

    @Test
    void anEqualCseqLaterThanTheRetransmissionWindowIsRefused() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 5, NOW + 60);
        RegisterChange change = new RegisterChange(old.lastModified() + RegisterChange.RETRANSMISSION_SECONDS + 1,
                "call", 5, false, List.of(binding("sip:a@192.0.2.1", "r2", "call", 5, NOW + 600)), 0);
        assertThat(change.apply(AOR, List.of(old)).status()).isEqualTo(ChangeStatus.REFUSED);
        assertThat(change.refusal(List.of(old))).isEqualTo(RegistrationError.BAD_CSEQ);
    }

    @Test
    void bindingsAreOrderedByQHighestFirstAndContactsWithoutQLast() {
        Binding none = binding("sip:n@192.0.2.1", "r1", "x", 1, NOW + 60);
        Binding low = withQ(binding("sip:l@192.0.2.1", "r2", "call", 1, NOW + 60), 100);
        Binding high = withQ(binding("sip:h@192.0.2.1", "r3", "call", 1, NOW + 60), 1000);
        ChangeResult r = register(List.of(none), "call", 1, low, high);
        assertThat(r.current()).extracting(Binding::contact)
                .containsExactly("sip:h@192.0.2.1", "sip:l@192.0.2.1", "sip:n@192.0.2.1");
    }

    private static Binding withQ(Binding b, int q) {
        return new Binding(b.aor(), b.ruid(), b.contact(), b.received(), b.path(), b.callId(), b.cseq(), b.expires(),
                q, b.flags(), b.cflags(), b.userAgent(), b.socket(), b.methods(), b.instance(), b.regId(),
                b.lastModified());
    }

    @Test
    void aStaleContactVoidsTheWholeRequest() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 5, NOW + 60);
        ChangeResult r = register(List.of(old), "call", 5,
                binding("sip:new@192.0.2.9", "r2", "call", 5, NOW + 60),
                binding("sip:a@192.0.2.1", "r3", "call", 5, NOW + 60));
        assertThat(r.status()).isEqualTo(ChangeStatus.IGNORED);
        assertThat(r.current()).containsExactly(old);
    }

    @Test
    void aDifferentCallIdUpdatesWhateverItsCseq() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 50, NOW + 60);
        ChangeResult r = register(List.of(old), "other", 1, binding("sip:a@192.0.2.1", "r2", "other", 1, NOW + 120));
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.current()).singleElement().extracting(Binding::callId).isEqualTo("other");
    }

    @Test
    void expiryZeroRemovesTheBinding() {
        Binding old = binding("sip:a@192.0.2.1", "r1", "call", 1, NOW + 60);
        ChangeResult r = register(List.of(old), "call", 2, binding("sip:a@192.0.2.1", "r2", "call", 2, NOW));
        assertThat(r.current()).isEmpty();
        assertThat(r.removed()).containsExactly(old);
    }

    @Test
    void removingAnUnknownContactChangesNothing() {
        ChangeResult r = register(List.of(), "call", 2, binding("sip:a@192.0.2.1", "r2", "call", 2, NOW));
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.current()).isEmpty();
        assertThat(r.changedAnything()).isFalse();
    }

    @Test
    void contactsAreMatchedAsUrisNotAsText() {
        Binding old = binding("sip:alice@EXAMPLE.com:5060;transport=udp", "r1", "call", 1, NOW + 60);
        ChangeResult r = register(List.of(old), "call", 2,
                binding("sip:alice@example.com:5060;Transport=UDP", "r2", "call", 2, NOW + 60));
        assertThat(r.current()).singleElement().extracting(Binding::ruid).isEqualTo("r1");
    }

    @Test
    void instanceAndRegIdIdentifyABindingWhateverItsUri() {
        Binding old = instanceBinding("sip:a@192.0.2.1:5060", "r1", "<urn:uuid:1>", 1);
        ChangeResult r = new RegisterChange(NOW, "c", 2, false,
                List.of(instanceBinding("sip:a@198.51.100.7:4000", "r2", "<urn:uuid:1>", 1)), 0).apply(AOR, List.of(old));
        assertThat(r.current()).singleElement().satisfies(b -> {
            assertThat(b.ruid()).isEqualTo("r1");
            assertThat(b.contact()).isEqualTo("sip:a@198.51.100.7:4000");
        });
    }

    @Test
    void wildcardRemovesEveryBinding() {
        Binding a = binding("sip:a@192.0.2.1", "r1", "call", 1, NOW + 60);
        Binding b = binding("sip:b@192.0.2.1", "r2", "other", 9, NOW + 60);
        ChangeResult r = new RegisterChange(NOW, "call", 2, true, List.of(), 0).apply(AOR, List.of(a, b));
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.current()).isEmpty();
        assertThat(r.removed()).containsExactly(a, b);
    }

    @Test
    void wildcardWithAStaleCseqForOneBindingRemovesNothing() {
        Binding a = binding("sip:a@192.0.2.1", "r1", "call", 7, NOW + 60);
        ChangeResult r = new RegisterChange(NOW, "call", 7, true, List.of(), 0).apply(AOR, List.of(a));
        assertThat(r.status()).isEqualTo(ChangeStatus.IGNORED);
        assertThat(r.current()).containsExactly(a);
    }

    @Test
    void moreContactsThanTheLimitIsRefusedWhole() {
        Binding a = binding("sip:a@192.0.2.1", "r1", "x", 1, NOW + 60);
        ChangeResult r = new RegisterChange(NOW, "call", 1, false, List.of(
                binding("sip:b@192.0.2.1", "r2", "call", 1, NOW + 60),
                binding("sip:c@192.0.2.1", "r3", "call", 1, NOW + 60)), 2).apply(AOR, List.of(a));
        assertThat(r.status()).isEqualTo(ChangeStatus.REFUSED);
        assertThat(r.current()).containsExactly(a);
    }

    @Test
    void reachingTheLimitExactlyIsAllowed() {
        ChangeResult r = new RegisterChange(NOW, "call", 1, false, List.of(
                binding("sip:b@192.0.2.1", "r2", "call", 1, NOW + 60),
                binding("sip:c@192.0.2.1", "r3", "call", 1, NOW + 60)), 2).apply(AOR, List.of());
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.current()).hasSize(2);
    }

    @Test
    void twoThousandRefreshesOfTwoThousandStoredBindingsKeepEveryRuid() {
        List<Binding> live = new java.util.ArrayList<>();
        List<Binding> refreshes = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            live.add(binding("sip:a@192.0.2.1:" + (5060 + i), "r" + i, "call", 1, NOW + 60));
            refreshes.add(binding("sip:a@192.0.2.1:" + (5060 + i), "new" + i, "call", 2, NOW + 600));
        }
        ChangeResult r = new RegisterChange(NOW, "call", 2, false, refreshes, 0).apply(AOR, live);
        assertThat(r.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(r.updated()).hasSize(2000);
        assertThat(r.current()).extracting(Binding::ruid).containsExactlyElementsOf(
                live.stream().map(Binding::ruid).toList());
    }
}
