package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.TrunkStatus.Activity;
import dev.locus.uacreg.trunk.Credentials;
import dev.locus.uacreg.trunk.Trunk;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregRow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trunk's REGISTER cycle, with the carrier played by the test: every REGISTER the trunk sends is taken from a
 * queue and answered by hand. Time is the test's too: the trunk runs on a clock and a thread that move only when
 * the test advances them.
 */
class TrunkRegistrationTest {

    private static final String CHALLENGE = "Digest realm=\"carrier.example\", nonce=\"n1\", qop=\"auth\"";
    private static final String HOST_PORT = "127.0.0.22:5060";
    private static final String OURS = "sip:trunk_ok@" + HOST_PORT;

    private record Sent(OutgoingRegister register, CompletableFuture<RegisterReply> reply) {
    }

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-01T12:00:00Z"));
    private final long t0 = time.epochSecond();
    private final Deque<Sent> carrier = new ArrayDeque<>();
    private final List<TrunkStatus> published = new ArrayList<>();
    private final AtomicBoolean active = new AtomicBoolean(true);
    private final AtomicInteger ids = new AtomicInteger();
    /** What the database holds for the row: read when the carrier challenges. */
    private final Map<String, Credentials> table = new HashMap<>(Map.of("trunk_ok", new Credentials("trunkpw", "")));
    /** Reads the test holds back, to answer them later; none unless a test asks. */
    private final Deque<CompletableFuture<Credentials>> heldReads = new ArrayDeque<>();
    private boolean holdReads;
    private int reads;
    /** Fast enough that no REGISTER here waits for its slot, unless a test slows it down. */
    private SendPacer pacer = new SendPacer(1_000_000);

    private TrunkContext context() {
        return new TrunkContext(time, register -> {
            CompletableFuture<RegisterReply> f = new CompletableFuture<>();
            carrier.add(new Sent(register, f));
            return f;
        }, pacer, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 0.5), time.clock(),
                time::nanoTime, published::add, "node-a", HOST_PORT, active::get, () -> "4711",
                () -> "id" + ids.incrementAndGet(), Duration.ofSeconds(60), this::lookup);
    }

    private CompletableFuture<Credentials> lookup(String lUuid) {
        reads++;
        if (holdReads) {
            CompletableFuture<Credentials> later = new CompletableFuture<>();
            heldReads.add(later);
            return later;
        }
        Credentials c = table.get(lUuid);
        return c == null ? CompletableFuture.failedFuture(new IllegalStateException("credentials unavailable: database down"))
                : CompletableFuture.completedFuture(c);
    }

    private static UacregRow row(int expires, int regDelay, String contactAddr, String password) {
        return new UacregRow(1, "trunk_ok", "alice", "client.example", "trunkuser1", "carrier.example",
                "carrier.example", "trunkuser1", password, "", "sip:127.0.0.21:5060", expires, 0, regDelay,
                contactAddr, "");
    }

    private static UacregRow row(int expires) {
        return row(expires, 0, "", "trunkpw");
    }

    private static Trunk trunk(UacregRow row) {
        return ((TrunkLoad.Valid) TrunkRules.load(row)).trunk();
    }

    private static Trunk trunk(int expires) {
        return trunk(row(expires));
    }

    private TrunkRegistration startOn(Trunk trunk, String previousContact) {
        TrunkRegistration r = new TrunkRegistration(context(), trunk, previousContact);
        r.start(Duration.ZERO);
        time.runDue();
        return r;
    }

    private TrunkRegistration registered(Trunk trunk) {
        TrunkRegistration r = startOn(trunk, "");
        answer(next(), ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        return r;
    }

    private Sent next() {
        assertThat(carrier).as("a REGISTER sent").isNotEmpty();
        return carrier.poll();
    }

    /** The carrier's reply, brought back onto the trunk's thread. */
    private void answer(Sent sent, RegisterReply reply) {
        sent.reply().complete(reply);
        time.runDue();
    }

    private TrunkStatus shown() {
        return published.get(published.size() - 1);
    }

    private static RegisterReply ok(int expires) {
        return ok(HOST_PORT, expires);
    }

    private static RegisterReply ok(String hostPort, int expires) {
        return new RegisterReply(200, "OK", List.of(new RegisterReply.BoundContact("trunk_ok", hostPort, expires)),
                -1, -1, -1, "", "");
    }

    private static RegisterReply unbound() {
        return new RegisterReply(200, "OK", List.of(), -1, -1, -1, "", "");
    }

    private static RegisterReply challenge(String header) {
        return new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, header, "");
    }

    private static RegisterReply challenge() {
        return challenge(CHALLENGE);
    }

    private static RegisterReply unavailable(int retryAfter) {
        return new RegisterReply(503, "Service Unavailable", List.of(), -1, -1, retryAfter, "", "");
    }

    @Test
    void answersTheChallengeInTheSameDialogAndRefreshesBeforeExpiry() {
        startOn(trunk(60), "");
        Sent first = next();
        assertThat(first.register().requestUri()).isEqualTo("sip:carrier.example");
        assertThat(first.register().aor()).isEqualTo("sip:trunkuser1@carrier.example");
        assertThat(first.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1));
        assertThat(first.register().expires()).isEqualTo(60);
        assertThat(first.register().cseq()).as("as Kamailio's uac").isEqualTo(10);
        assertThat(first.register().authorization().present()).isFalse();
        answer(first, challenge());
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERING);
        assertThat(shown().activity()).isEqualTo(new Activity(false, true, true, false, true));

        Sent second = next();
        assertThat(second.register().callId()).isEqualTo(first.register().callId());
        assertThat(second.register().fromTag()).isEqualTo(first.register().fromTag());
        assertThat(second.register().cseq()).isEqualTo(first.register().cseq() + 1);
        assertThat(second.register().authorization().value()).contains("username=\"trunkuser1\"", "cnonce=\"4711\"");
        answer(second, ok(3));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        assertThat(shown().activity()).isEqualTo(new Activity(false, false, false, true, true));
        assertThat(shown().contact()).isEqualTo(OURS);
        assertThat(shown().timerExpires()).isEqualTo(t0 + 3);

        // Granted 3 s: the refresh leaves before they are up, in the same dialog.
        time.advance(Duration.ofSeconds(2));
        Sent refresh = next();
        assertThat(refresh.register().callId()).isEqualTo(first.register().callId());
        assertThat(refresh.register().cseq()).isEqualTo(second.register().cseq() + 1);
        assertThat(refresh.register().authorization().present()).isFalse();
    }

    @Test
    void theRefreshLeavesAFifthOfTheGrantedTimeBeforeExpiryAtMostTheConfiguredMargin() {
        startOn(trunk(60), "");
        answer(next(), ok(60));
        assertThat(shown().nextAttempt()).isEqualTo(t0 + 48);
        time.advance(Duration.ofSeconds(47));
        assertThat(carrier).isEmpty();
        time.advance(Duration.ofSeconds(1));
        answer(next(), ok(3600));
        assertThat(shown().nextAttempt()).as("the margin is capped at 60 s").isEqualTo(t0 + 48 + 3600 - 60);
    }

    @Test
    void credentialsAreSentOnceAndASecondChallengeFailsTheAttempt() {
        startOn(trunk(60), "");
        answer(next(), challenge());
        answer(next(), challenge());
        assertThat(carrier).isEmpty();
        assertThat(shown().state()).isEqualTo(TrunkState.FAILED);
        assertThat(shown().lastCode()).isEqualTo(401);
        assertThat(shown().lastReason()).isEqualTo("authentication failed for trunk_ok");
        assertThat(shown().activity()).isEqualTo(new Activity(false, false, false, false, true));

        time.advance(Duration.ofSeconds(1));
        assertThat(next().register().authorization().present()).as("a new attempt starts unchallenged").isFalse();
    }

    @Test
    void aStaleNonceAfterCredentialsIsAnsweredOnceMore() {
        String stale = "Digest realm=\"carrier.example\", nonce=\"n2\", qop=\"auth\", stale=true";
        startOn(trunk(60), "");
        answer(next(), challenge());
        answer(next(), challenge(stale));
        Sent again = next();
        assertThat(again.register().authorization().value()).contains("nonce=\"n2\"");
        answer(again, challenge(stale));
        assertThat(carrier).isEmpty();
        assertThat(shown().state()).isEqualTo(TrunkState.FAILED);
    }

    @Test
    void fourTwentyThreeRaisesTheExpiresAndSendsAgain() {
        startOn(trunk(10), "");
        answer(next(), new RegisterReply(423, "Interval Too Brief", List.of(), -1, 20, -1, "", ""));
        Sent again = next();
        assertThat(again.register().expires()).isEqualTo(20);
        assertThat(shown().lastReason()).isEqualTo("Interval Too Brief (Min-Expires 20)");
        answer(again, ok(20));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        assertThat(shown().expires()).isEqualTo(20);
    }

    @Test
    void aFailureIsRetriedAfterTheBackoffAndCounted() {
        startOn(trunk(60), "");
        answer(next(), unavailable(-1));
        assertThat(shown().state()).isEqualTo(TrunkState.FAILED);
        assertThat(shown().lastCode()).isEqualTo(503);
        assertThat(shown().failures()).isEqualTo(1);
        assertThat(shown().nextAttempt()).isEqualTo(t0 + 1);
        assertThat(carrier).isEmpty();

        time.advance(Duration.ofSeconds(1));
        answer(next(), ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        assertThat(shown().failures()).isZero();
    }

    @Test
    void aCarriersRetryAfterDecidesWhenAFailedTrunkTriesAgain() {
        startOn(trunk(60), "");
        answer(next(), unavailable(30));
        assertThat(shown().nextAttempt()).isEqualTo(t0 + 30);
        time.advance(Duration.ofSeconds(29));
        assertThat(carrier).isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(next().register().expires()).isEqualTo(60);
    }

    @Test
    void regDelayPostponesTheFirstRegister() {
        startOn(trunk(row(60, 5, "", "trunkpw")), "");
        assertThat(shown().state()).isEqualTo(TrunkState.WAITING);
        assertThat(shown().nextAttempt()).isEqualTo(t0 + 5);
        time.advance(Duration.ofSeconds(4));
        assertThat(carrier).isEmpty();
        time.advance(Duration.ofSeconds(1));
        next();
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERING);
    }

    @Test
    void everyRegisterWaitsForItsPacerSlotTheAnswerToAChallengeToo() {
        pacer = new SendPacer(1);
        startOn(trunk(60), "");
        answer(next(), challenge());
        assertThat(carrier).isEmpty();
        time.advance(Duration.ofMillis(999));
        assertThat(carrier).isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(next().register().authorization().present()).isTrue();
    }

    @Test
    void aTakeoverClearsThePreviousOwnersContactInItsFirstRegister() {
        startOn(trunk(60), "sip:trunk_ok@127.0.0.99:5060");
        Sent first = next();
        assertThat(first.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1),
                new OutgoingRegister.ContactEntry("sip:trunk_ok@127.0.0.99:5060", 0));
        answer(first, ok(60));
        assertThat(shown().contact()).isEqualTo(OURS);
        time.advance(Duration.ofSeconds(48));
        assertThat(next().register().contacts()).as("cleared once is enough")
                .containsExactly(new OutgoingRegister.ContactEntry(OURS, -1));
    }

    @Test
    void aChangedContactAddressClearsTheOldContactWithTheNextRegister() {
        TrunkRegistration r = registered(trunk(60));
        r.update(trunk(row(60, 0, "127.0.0.23:5070", "trunkpw")));
        time.runDue();
        Sent moved = next();
        assertThat(moved.register().contacts()).containsExactly(
                new OutgoingRegister.ContactEntry("sip:trunk_ok@127.0.0.23:5070", -1),
                new OutgoingRegister.ContactEntry(OURS, 0));
        answer(moved, ok("127.0.0.23:5070", 60));
        assertThat(shown().contact()).isEqualTo("sip:trunk_ok@127.0.0.23:5070");
    }

    @Test
    void aChangedRowAbandonsTheRegisterInFlightAndRegistersAfresh() {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent abandoned = next();
        r.update(trunk(row(61)));
        time.runDue();
        Sent fresh = next();
        assertThat(fresh.register().callId()).isEqualTo(abandoned.register().callId());
        assertThat(fresh.register().cseq()).isEqualTo(abandoned.register().cseq() + 1);

        answer(abandoned, ok(60));
        assertThat(shown().state()).as("the abandoned REGISTER's reply changes nothing").isEqualTo(TrunkState.REGISTERING);
        answer(fresh, ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
    }

    @Test
    void theSecretsAreReadWhenTheCarrierChallengesAndKeptNowhereInTheTrunk() {
        startOn(trunk(60), "");
        answer(next(), ok(60));
        assertThat(reads).as("no challenge, no read").isZero();
        time.advance(Duration.ofSeconds(48));
        answer(next(), challenge());
        assertThat(reads).isEqualTo(1);
        assertThat(next().register().authorization().value()).contains("username=\"trunkuser1\"");
    }

    @Test
    void newSecretsAfterAReloadRegisterAfreshAndAnswerWithTheNewPassword() {
        TrunkRegistration r = startOn(trunk(60), "");
        answer(next(), challenge());
        String old = next().register().authorization().value();
        table.put("trunk_ok", new Credentials("newpw", ""));
        r.credentialsChanged();
        time.runDue();
        Sent fresh = next();
        assertThat(fresh.register().authorization().present()).isFalse();
        answer(fresh, challenge());
        String now = next().register().authorization().value();
        assertThat(now).isNotEqualTo(old).isEqualTo(((DigestAnswer.Header) DigestAnswer.answer(
                Challenge.parse(CHALLENGE).orElseThrow(), trunk(60), new Credentials("newpw", ""), "REGISTER",
                "4711")).value());
    }

    @Test
    void secretsThatCannotBeReadFailTheRowWithTheReasonAndTheRetryReadsThemAgain() {
        table.clear();
        startOn(trunk(60), "");
        answer(next(), challenge());
        assertThat(carrier).as("nothing answered without secrets").isEmpty();
        assertThat(shown().state()).isEqualTo(TrunkState.FAILED);
        assertThat(shown().lastCode()).isEqualTo(401);
        assertThat(shown().lastReason()).isEqualTo("credentials unavailable: database down");
        assertThat(shown().failures()).isEqualTo(1);

        table.put("trunk_ok", new Credentials("trunkpw", ""));
        time.advance(Duration.ofSeconds(1));
        answer(next(), challenge());
        answer(next(), ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
    }

    @Test
    void secretsReadForAnAttemptTheTrunkHasLeftAreDropped() {
        holdReads = true;
        TrunkRegistration r = startOn(trunk(60), "");
        answer(next(), challenge());
        r.update(trunk(row(61)));
        time.runDue();
        Sent fresh = next();
        heldReads.poll().complete(new Credentials("trunkpw", ""));
        time.runDue();
        assertThat(carrier).as("the late secrets answer nothing").isEmpty();
        answer(fresh, ok(61));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
    }

    @Test
    void registerNowSendsAheadOfTheRefreshButNotWhileARegisterIsInFlight() {
        TrunkRegistration r = registered(trunk(60));
        r.registerNow();
        time.runDue();
        Sent now = next();
        r.registerNow();
        time.runDue();
        assertThat(carrier).isEmpty();
        answer(now, ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
    }

    @Test
    void disablingStopsSendingAndKeepsTheBindingAsKamailio() {
        TrunkRegistration r = registered(trunk(60));
        r.update(trunk(row(60).withFlags(1)));
        assertThat(shown().state()).isEqualTo(TrunkState.DISABLED);
        assertThat(shown().activity()).isEqualTo(new Activity(true, false, false, true, true));
        time.advance(Duration.ofSeconds(61));
        assertThat(carrier).as("no refresh while disabled").isEmpty();
        assertThat(r.status().activity()).as("online until the binding expires")
                .isEqualTo(new Activity(true, false, false, false, true));

        r.update(trunk(60));
        time.runDue();
        answer(next(), ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        assertThat(shown().activity()).isEqualTo(new Activity(false, false, false, true, true));
    }

    @Test
    void unregisteringSendsExpiresZeroAndThenStaysQuiet() {
        TrunkRegistration r = registered(trunk(60));
        r.update(trunk(row(60).withExpires(0)));
        time.runDue();
        Sent unregister = next();
        assertThat(unregister.register().expires()).isZero();
        answer(unregister, unbound());
        assertThat(shown().state()).isEqualTo(TrunkState.UNREGISTERED);
        assertThat(shown().contact()).isEmpty();
        assertThat(shown().expires()).isZero();
        assertThat(shown().activity()).isEqualTo(new Activity(false, false, false, false, true));
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void aRowWithExpiresZeroAndNothingBoundIsShownUnregisteredAndNeverSends() {
        TrunkRegistration r = startOn(trunk(0), "");
        assertThat(shown().state()).isEqualTo(TrunkState.UNREGISTERED);
        assertThat(shown().activity()).isEqualTo(Activity.NONE);
        r.registerNow();
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void regActiveOffStopsSendingWithoutUnregisteringAndOnSendsAtOnce() {
        TrunkRegistration r = registered(trunk(60));
        active.set(false);
        r.activeChanged();
        assertThat(shown().state()).isEqualTo(TrunkState.INACTIVE);
        assertThat(shown().nextAttempt()).isZero();
        assertThat(shown().contact()).isEqualTo(OURS);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();

        active.set(true);
        r.activeChanged();
        time.runDue();
        answer(next(), ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
    }

    @Test
    void aRegisterInFlightWhenRegActiveGoesOffIsSeenThroughButNotRefreshed() {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent inFlight = next();
        active.set(false);
        r.activeChanged();
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERING);
        assertThat(shown().activity()).isEqualTo(new Activity(false, true, false, false, true));
        answer(inFlight, ok(60));
        assertThat(shown().state()).isEqualTo(TrunkState.REGISTERED);
        time.advance(Duration.ofSeconds(48));
        assertThat(carrier).isEmpty();
        assertThat(shown().state()).isEqualTo(TrunkState.INACTIVE);
    }

    @Test
    void aRemovedRowIsUnregisteredBeforeItStops() {
        TrunkRegistration r = registered(trunk(60));
        AtomicInteger stopped = new AtomicInteger();
        int publishedBefore = published.size();
        r.stop(TrunkRegistration.Stop.REMOVED, stopped::incrementAndGet);
        time.runDue();
        Sent unregister = next();
        assertThat(unregister.register().expires()).isZero();
        assertThat(stopped).hasValue(0);
        answer(unregister, unbound());
        assertThat(stopped).hasValue(1);
        assertThat(published).as("a stopping trunk is its next owner's to show").hasSize(publishedBefore);
    }

    @Test
    void aFailedUnregisterStillStopsTheTrunk() {
        TrunkRegistration r = registered(trunk(60));
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.REMOVED, stopped::incrementAndGet);
        answer(next(), unavailable(-1));
        assertThat(stopped).hasValue(1);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void aMoveDuringAnAttemptRemovesOurOwnContactIfItGotBound() {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent inFlight = next();
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.MOVED, stopped::incrementAndGet);
        answer(inFlight, ok(60));
        Sent cleanup = next();
        assertThat(cleanup.register().expires()).isZero();
        assertThat(cleanup.register().contacts()).containsExactly(new OutgoingRegister.ContactEntry(OURS, -1));
        assertThat(stopped).hasValue(0);
        answer(cleanup, unbound());
        assertThat(stopped).hasValue(1);
    }

    @Test
    void aRemovalDuringAnAttemptThatFailsStopsWithoutSendingMore() {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent inFlight = next();
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.REMOVED, stopped::incrementAndGet);
        assertThat(stopped).hasValue(0);
        answer(inFlight, unavailable(-1));
        assertThat(stopped).hasValue(1);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void aMovedTrunkRemovesItsOwnContactButALeavingNodeGoesQuiet() {
        TrunkRegistration moved = registered(trunk(60));
        AtomicInteger stopped = new AtomicInteger();
        moved.stop(TrunkRegistration.Stop.MOVED, stopped::incrementAndGet);
        Sent unregister = next();
        assertThat(unregister.register().expires()).isZero();
        answer(unregister, unbound());
        assertThat(stopped).hasValue(1);

        TrunkRegistration leaving = registered(trunk(60));
        AtomicInteger quiet = new AtomicInteger();
        leaving.stop(TrunkRegistration.Stop.SHUTDOWN, quiet::incrementAndGet);
        assertThat(quiet).hasValue(1);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).as("nothing sent by a leaving node").isEmpty();
    }

    @Test
    void aMovedTrunkLeavesASharedContactAddressToItsNewOwner() {
        TrunkRegistration r = registered(trunk(row(60, 0, "127.0.0.22:5060", "trunkpw")));
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.MOVED, stopped::incrementAndGet);
        assertThat(stopped).hasValue(1);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void aRemovedRowGoesQuietWhileRegActiveIsOff() {
        TrunkRegistration r = registered(trunk(60));
        active.set(false);
        r.activeChanged();
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.REMOVED, stopped::incrementAndGet);
        assertThat(stopped).hasValue(1);
        time.advance(Duration.ofHours(1));
        assertThat(carrier).isEmpty();
    }

    @Test
    void aLeavingNodeStopsAtOnceAndIgnoresTheReplyStillInFlight() {
        TrunkRegistration r = startOn(trunk(60), "");
        Sent inFlight = next();
        AtomicInteger stopped = new AtomicInteger();
        r.stop(TrunkRegistration.Stop.SHUTDOWN, stopped::incrementAndGet);
        assertThat(stopped).hasValue(1);
        int publishedBefore = published.size();
        answer(inFlight, ok(60));
        time.advance(Duration.ofHours(1));
        assertThat(stopped).as("stopped once").hasValue(1);
        assertThat(carrier).isEmpty();
        assertThat(published).hasSize(publishedBefore);
    }
}
