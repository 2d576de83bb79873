package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.Binding;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.locus.registrar.registration.RegisterChange;
import dev.locus.registrar.registration.RegistrationSerializers;
import dev.locus.registrar.support.TestMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real members, so that every processor, change and result crosses the wire in compact form: a key owned by
 * the other member is changed through this one.
 */
class HazelcastLocationStoreTest {

    private static final long NOW = 1_800_000_000L;
    private static HazelcastInstance first;
    private static HazelcastInstance second;

    @BeforeAll
    static void startMembers() {
        first = Hazelcast.newHazelcastInstance(config(15701));
        second = Hazelcast.newHazelcastInstance(config(15702));
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stopMembers() {
        second.shutdown();
        first.shutdown();
    }

    private static Config config(int port) {
        Config c = TestMembers.config("location-store-test", port, port == 15701 ? 15702 : 15701);
        HazelcastLocationStore.configure(c, 1, RegistrationSerializers.all());
        return c;
    }

    private static Binding binding(String aor, String contact, String ruid, long expires) {
        return new Binding(aor, ruid, contact, "sip:192.0.2.1:5060", "<sip:edge;lr>", "call-" + aor, 1, expires, 500,
                0, 3, "ua", "udp:127.0.0.1:5060", 0x3FL, "<urn:uuid:1>", 1, NOW);
    }

    /** An AOR whose partition the given member does not own, so the change must travel. */
    private static String aorOwnedBy(HazelcastInstance owner, String prefix) {
        for (int i = 0; ; i++) {
            String candidate = prefix + i;
            if (owner.getPartitionService().getPartition(candidate).getOwner().localMember()) {
                return candidate;
            }
        }
    }

    @Test
    void aRegisterAppliedThroughAnotherMemberIsStoredWhole() throws Exception {
        var store = new HazelcastLocationStore(first);
        String aor = aorOwnedBy(second, "remote");
        Binding b = binding(aor, "sip:a@192.0.2.1", "r1", NOW + 60);
        ChangeResult result = store.apply(aor, new RegisterChange(NOW, b.callId(), 1, false, List.of(b), 0))
                .toCompletableFuture().get();
        assertThat(result.added()).containsExactly(b);
        assertThat(store.lookup(aor, NOW)).containsExactly(b);
        assertThat(new HazelcastLocationStore(second).lookup(aor, NOW)).containsExactly(b);
    }

    @Test
    void readsNeverReturnExpiredBindings() throws Exception {
        var store = new HazelcastLocationStore(first);
        String aor = "short-lived";
        store.apply(aor, new PutBinding(NOW, binding(aor, "sip:b@192.0.2.1", "r1", NOW + 10))).toCompletableFuture().get();
        assertThat(store.lookup(aor, NOW + 9)).hasSize(1);
        assertThat(store.lookup(aor, NOW + 10)).isEmpty();
        assertThat(store.snapshot(NOW + 10).map(Bindings::aor)).doesNotContain(aor);
    }

    @Test
    void eachMemberSweepsTheKeysItOwnsAndReportsThem() {
        List<ChangeResult> heard = new CopyOnWriteArrayList<>();
        var onFirst = new HazelcastLocationStore(first);
        var onSecond = new HazelcastLocationStore(second);
        onFirst.addListener((cause, result) -> heard.add(result));
        onSecond.addListener((cause, result) -> heard.add(result));
        List<String> aors = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String aor = "sweep" + i;
            aors.add(aor);
            onFirst.apply(aor, new PutBinding(NOW, binding(aor, "sip:s@192.0.2.1", "r" + i, NOW + 30)))
                    .toCompletableFuture().join();
        }
        heard.clear();
        AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(NOW + 31));
        InstantSource clock = now::get;
        new ExpirySweep(onFirst, clock).sweepOnce();
        new ExpirySweep(onSecond, clock).sweepOnce();
        assertThat(heard).flatExtracting(ChangeResult::expired).extracting(Binding::aor)
                .filteredOn(aor -> aor.startsWith("sweep"))
                .containsExactlyInAnyOrderElementsOf(aors);
        assertThat(first.getMap(HazelcastLocationStore.MAP_NAME).keySet()).doesNotContainAnyElementsOf(aors);
    }

    @Test
    void aSweepOverMoreAorsThanAChunkRemovesTheExpiredAndLeavesTheOthersUnwritten() {
        List<ChangeResult> heard = new CopyOnWriteArrayList<>();
        var onFirst = new HazelcastLocationStore(first);
        var onSecond = new HazelcastLocationStore(second);
        onFirst.addListener((cause, result) -> heard.add(result));
        onSecond.addListener((cause, result) -> heard.add(result));
        int count = HazelcastLocationStore.SWEEP_CHUNK * 2 + 500;
        List<String> expiring = new ArrayList<>();
        List<CompletableFuture<ChangeResult>> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String aor = "chunked" + i;
            long expires = i % 2 == 0 ? NOW + 30 : NOW + 3600;
            if (i % 2 == 0) {
                expiring.add(aor);
            }
            stored.add(onFirst.apply(aor, new PutBinding(NOW, binding(aor, "sip:c@192.0.2.1", "c" + i, expires)))
                    .toCompletableFuture());
        }
        stored.forEach(CompletableFuture::join);
        heard.clear();
        List<String> updated = new CopyOnWriteArrayList<>();
        UUID listener = first.getMap(HazelcastLocationStore.MAP_NAME).addEntryListener(
                (EntryUpdatedListener<String, Object>) e -> updated.add(e.getKey()), false);
        try {
            InstantSource clock = () -> Instant.ofEpochSecond(NOW + 31);
            new ExpirySweep(onFirst, clock).sweepOnce();
            new ExpirySweep(onSecond, clock).sweepOnce();
            assertThat(heard).flatExtracting(ChangeResult::expired).extracting(Binding::aor)
                    .filteredOn(aor -> aor.startsWith("chunked")).containsExactlyInAnyOrderElementsOf(expiring);
            assertThat(first.getMap(HazelcastLocationStore.MAP_NAME).keySet()).filteredOn(k -> k.toString()
                    .startsWith("chunked")).hasSize(count - expiring.size()).doesNotContainAnyElementsOf(expiring);
            assertThat(updated).as("AORs with nothing expired are not written again").isEmpty();
        } finally {
            first.getMap(HazelcastLocationStore.MAP_NAME).removeEntryListener(listener);
        }
    }

    @Test
    void removeContactReportsWhetherItFoundOne() throws Exception {
        var store = new HazelcastLocationStore(second);
        String aor = aorOwnedBy(first, "rm");
        store.apply(aor, new PutBinding(NOW, binding(aor, "sip:c@192.0.2.1", "r1", NOW + 60))).toCompletableFuture().get();
        assertThat(store.apply(aor, new RemoveContact(NOW, "sip:nope@192.0.2.1")).toCompletableFuture().get().status())
                .isEqualTo(ChangeStatus.IGNORED);
        ChangeResult removed = store.apply(aor, new RemoveContact(NOW, "sip:c@192.0.2.1")).toCompletableFuture().get();
        assertThat(removed.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(removed.removed()).hasSize(1);
        assertThat(store.lookup(aor, NOW)).isEmpty();
    }

    @Test
    void statsCountAorsAndLiveContacts() throws Exception {
        var store = new HazelcastLocationStore(first);
        long before = store.stats(NOW).contacts();
        String aor = "stats-aor";
        store.apply(aor, new PutBinding(NOW, binding(aor, "sip:x@192.0.2.1", "r1", NOW + 60))).toCompletableFuture().get();
        store.apply(aor, new PutBinding(NOW, binding(aor, "sip:y@192.0.2.1", "r2", NOW + 60))).toCompletableFuture().get();
        assertThat(store.stats(NOW).contacts()).isEqualTo(before + 2);
        store.apply(aor, new RemoveAor(NOW)).toCompletableFuture().get();
        assertThat(store.stats(NOW).contacts()).isEqualTo(before);
    }

    @Test
    void anAorKeepsOnlyItsNewestTombstonesHoweverManyContactsItRemoves() throws Exception {
        var store = new HazelcastLocationStore(second);
        String aor = aorOwnedBy(first, "flapping");
        int cycles = AorState.MAX_REMOVALS + 50;
        for (int i = 0; i < cycles; i++) {
            String contact = "sip:flap" + i + "@192.0.2.1";
            store.apply(aor, new PutBinding(NOW + i, binding(aor, contact, "flap" + i, NOW + 3600)))
                    .toCompletableFuture().get();
            store.apply(aor, new RemoveContact(NOW + i, contact)).toCompletableFuture().get();
        }
        AorState stored = (AorState) first.getMap(HazelcastLocationStore.MAP_NAME).get(aor);
        assertThat(stored.removals()).hasSize(AorState.MAX_REMOVALS);
        assertThat(stored.removals()).extracting(Removal::ruid)
                .contains("flap" + (cycles - 1)).doesNotContain("flap0", "flap49");
    }
}
