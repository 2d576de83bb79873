package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.trunk.Trunk;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trunk's REGISTER cycle, with the carrier played by the test: every REGISTER the trunk sends is taken from a
 * queue and answered by hand.
 */
class TrunkRegistrationTest {

    private static final String CHALLENGE = "Digest realm=\"carrier.example\", nonce=\"n1\", qop=\"auth\"";
    private static final String OURS = "sip:trunk_ok@127.0.0.22:5060";

    private record Sent(OutgoingRegister register, CompletableFuture<RegisterReply> reply) {
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final LinkedBlockingQueue<Sent> carrier = new LinkedBlockingQueue<>();
    private final AtomicReference<TrunkStatus> published = new AtomicReference<>();
    private final AtomicInteger ids = new AtomicInteger();

    private final TrunkContext context = new TrunkContext(executor, register -> {
        CompletableFuture<RegisterReply> f = new CompletableFuture<>();
        carrier.add(new Sent(register, f));
        return f;
    }, new SendPacer(1000), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.5),
            InstantSource.system(), System::nanoTime, published::set, "node-a", "127.0.0.22:5060", () -> true,
            () -> "4711", () -> "id" + ids.incrementAndGet(), Duration.ofSeconds(60));

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static Trunk trunk(int expires) {
        return ((TrunkLoad.Valid) TrunkRules.load(new UacregRow(1, "trunk_ok", "alice", "client.example",
                "trunkuser1", "carrier.example", "carrier.example", "trunkuser1", "trunkpw", "",
                "sip:127.0.0.21:5060", expires, 0, 0, "", ""))).trunk();
    }

    private TrunkRegistration startOn(Trunk trunk, String previousContact) throws Exception {
        AtomicReference<TrunkRegistration> r = new AtomicReference<>();
        executor.submit(() -> {
            r.set(new TrunkRegistration(context, trunk, previousContact));
            r.get().start(Duration.ZERO);
        }).get();
        return r.get();
    }

    private Sent next() throws InterruptedException {
        Sent sent = carrier.poll(5, TimeUnit.SECONDS);
        assertThat(sent).as("a REGISTER").isNotNull();
        return sent;
    }

    private static RegisterReply ok(int expires) {
        return new RegisterReply(200, "OK", List.of(new RegisterReply.BoundContact("trunk_ok", "127.0.0.22:5060", expires)),
                -1, -1, -1, "", "");
    }

    private static RegisterReply challenge() {
        return new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, CHALLENGE, "");
    }

    @Test
    void answersTheChallengeInTheSameDialogAndRefreshesBeforeExpiry() throws Exception {
        startOn(trunk(60), "");
        Sent first = next();
        assertThat(first.register().requestUri()).isEqualTo("sip:carrier.example");
        assertThat(first.register().aor()).isEqualTo("sip:trunkuser1@carrier.example");
        assertThat(first.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1));
        assertThat(first.register().expires()).isEqualTo(60);
        assertThat(first.register().cseq()).as("as Kamailio's uac").isEqualTo(10);
        assertThat(first.register().authorization().present()).isFalse();
        first.reply().complete(challenge());

        Sent second = next();
        assertThat(second.register().callId()).isEqualTo(first.register().callId());
        assertThat(second.register().fromTag()).isEqualTo(first.register().fromTag());
        assertThat(second.register().cseq()).isEqualTo(first.register().cseq() + 1);
        assertThat(second.register().authorization().value()).contains("username=\"trunkuser1\"", "cnonce=\"4711\"");
        second.reply().complete(ok(3));
        await().untilAsserted(() -> {
            assertThat(published.get().state()).isEqualTo(TrunkState.REGISTERED);
            assertThat(published.get().flags()).isEqualTo(TrunkStatus.ONLINE | TrunkStatus.INIT);
            assertThat(published.get().contact()).isEqualTo(OURS);
        });

        // Granted 3 s: the refresh leaves before they are up, in the same dialog.
        Sent refresh = next();
        assertThat(refresh.register().callId()).isEqualTo(first.register().callId());
        assertThat(refresh.register().cseq()).isEqualTo(second.register().cseq() + 1);
        assertThat(refresh.register().authorization().present()).isFalse();
    }

    @Test
    void fourTwentyThreeRaisesTheExpiresAndSendsAgain() throws Exception {
        startOn(trunk(10), "");
        next().reply().complete(new RegisterReply(423, "Interval Too Brief", List.of(), -1, 20, -1, "", ""));
        Sent again = next();
        assertThat(again.register().expires()).isEqualTo(20);
        again.reply().complete(ok(20));
        await().untilAsserted(() -> assertThat(published.get().expires()).isEqualTo(20));
    }

    @Test
    void aFailureIsRetriedAfterTheBackoffAndCounted() throws Exception {
        startOn(trunk(60), "");
        next().reply().complete(RegisterReply.local(503, "Service Unavailable"));
        await().untilAsserted(() -> {
            assertThat(published.get().state()).isEqualTo(TrunkState.FAILED);
            assertThat(published.get().lastCode()).isEqualTo(503);
            assertThat(published.get().failures()).isEqualTo(1);
            assertThat(published.get().nextAttempt()).isPositive();
        });
        Sent retry = next();
        retry.reply().complete(ok(60));
        await().untilAsserted(() -> {
            assertThat(published.get().state()).isEqualTo(TrunkState.REGISTERED);
            assertThat(published.get().failures()).isZero();
        });
    }

    @Test
    void aTakeoverClearsThePreviousOwnersContactInItsFirstRegister() throws Exception {
        startOn(trunk(60), "sip:trunk_ok@127.0.0.99:5060");
        Sent first = next();
        assertThat(first.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1),
                new OutgoingRegister.ContactEntry("sip:trunk_ok@127.0.0.99:5060", 0));
        first.reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().contact()).isEqualTo(OURS));
    }

    @Test
    void aRemovedRowIsUnregisteredBeforeItStops() throws Exception {
        TrunkRegistration r = startOn(trunk(60), "");
        next().reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().state()).isEqualTo(TrunkState.REGISTERED));
        CountDownLatch stopped = new CountDownLatch(1);
        executor.execute(() -> r.stop(TrunkRegistration.Stop.REMOVED, stopped::countDown));
        Sent unregister = next();
        assertThat(unregister.register().expires()).isZero();
        assertThat(stopped.getCount()).isOne();
        unregister.reply().complete(new RegisterReply(200, "OK", List.of(), -1, -1, -1, "", ""));
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMoveDuringAnAttemptRemovesOurOwnContactIfItGotBound() throws Exception {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent inFlight = next();
        CountDownLatch stopped = new CountDownLatch(1);
        executor.submit(() -> r.stop(TrunkRegistration.Stop.MOVED, stopped::countDown)).get();
        inFlight.reply().complete(ok(60));
        Sent cleanup = next();
        assertThat(cleanup.register().expires()).isZero();
        assertThat(cleanup.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1));
        cleanup.reply().complete(new RegisterReply(200, "OK", List.of(), -1, -1, -1, "", ""));
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMovedTrunkRemovesItsOwnContactButALeavingNodeGoesQuiet() throws Exception {
        TrunkRegistration moved = startOn(trunk(60), "");
        next().reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().state()).isEqualTo(TrunkState.REGISTERED));
        CountDownLatch stopped = new CountDownLatch(1);
        executor.execute(() -> moved.stop(TrunkRegistration.Stop.MOVED, stopped::countDown));
        Sent unregister = next();
        assertThat(unregister.register().expires()).isZero();
        unregister.reply().complete(new RegisterReply(200, "OK", List.of(), -1, -1, -1, "", ""));
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();

        TrunkRegistration leaving = startOn(trunk(60), "");
        next().reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().contact()).isEqualTo(OURS));
        CountDownLatch quiet = new CountDownLatch(1);
        executor.execute(() -> leaving.stop(TrunkRegistration.Stop.SHUTDOWN, quiet::countDown));
        assertThat(quiet.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(carrier).as("nothing sent by a leaving node").isEmpty();
    }

    @Test
    void disablingStopsSendingAndKeepsTheBindingAsKamailio() throws Exception {
        TrunkRegistration r = startOn(trunk(60), "");
        next().reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().state()).isEqualTo(TrunkState.REGISTERED));
        Trunk disabled = ((TrunkLoad.Valid) TrunkRules.load(new UacregRow(1, "trunk_ok", "alice", "client.example",
                "trunkuser1", "carrier.example", "carrier.example", "trunkuser1", "trunkpw", "",
                "sip:127.0.0.21:5060", 60, 1, 0, "", ""))).trunk();
        executor.submit(() -> r.update(disabled)).get();
        assertThat(published.get().state()).isEqualTo(TrunkState.DISABLED);
        assertThat(published.get().flags()).isEqualTo(TrunkStatus.DISABLED | TrunkStatus.ONLINE | TrunkStatus.INIT);
        executor.submit(() -> r.update(trunk(60))).get();
        next().reply().complete(ok(60));
        await().untilAsserted(() -> assertThat(published.get().flags()).isEqualTo(TrunkStatus.ONLINE | TrunkStatus.INIT));
    }
}
