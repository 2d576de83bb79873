package dev.locus.uacreg.registration;

import dev.locus.uacreg.trunk.Trunk;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reply handling as Kamailio 5.6's uac (reference §6), with Locus's documented differences. */
class ReplyRulesTest {

    private static final String CHALLENGE = "Digest realm=\"carrier.example\", nonce=\"n1\", qop=\"auth\"";
    private static final Trunk TRUNK = ((TrunkLoad.Valid) TrunkRules.load(new UacregRow(1, "trunk_ok", "alice",
            "client.example", "trunkuser1", "carrier.example", "carrier.example", "trunkuser1", "trunkpw", "",
            "sip:127.0.0.21:5060", 60, 0, 0, "", ""))).trunk();
    private static final String OURS = "127.0.0.22:5060";

    private static RegisterReply reply(int status, List<RegisterReply.BoundContact> contacts, int expires) {
        return new RegisterReply(status, "R", contacts, expires, -1, -1, "", "");
    }

    private static Outcome decide(RegisterReply reply, boolean authSent) {
        return ReplyRules.decide(reply, TRUNK, OURS, 60, authSent, false);
    }

    @Test
    void theGrantedExpiryComesFromOurContactThenTheHeader() {
        var ours = new RegisterReply.BoundContact("trunk_ok", OURS, 45);
        assertThat(decide(reply(200, List.of(ours), 90), true)).isEqualTo(new Outcome.Registered(45));
        var noParam = new RegisterReply.BoundContact("trunk_ok", OURS, -1);
        assertThat(decide(reply(200, List.of(noParam), 90), true)).isEqualTo(new Outcome.Registered(90));
        assertThat(decide(reply(200, List.of(noParam), -1), true)).isEqualTo(new Outcome.Registered(60));
    }

    @Test
    void ourExactContactWinsOverAnOldOwnersWithTheSameUser() {
        var old = new RegisterReply.BoundContact("trunk_ok", "127.0.0.99:5060", 12);
        var ours = new RegisterReply.BoundContact("trunk_ok", OURS, 60);
        assertThat(decide(reply(200, List.of(old, ours), -1), true)).isEqualTo(new Outcome.Registered(60));
    }

    @Test
    void aTwoHundredWithoutOurContactFails() {
        assertThat(decide(reply(200, List.of(), 60), true)).isInstanceOf(Outcome.Failed.class);
        var other = new RegisterReply.BoundContact("someone", OURS, 60);
        assertThat(((Outcome.Failed) decide(reply(200, List.of(other), 60), true)).reason())
                .isEqualTo("no matching Contact in 200");
    }

    @Test
    void aTwoHundredToAnUnregisterIsUnregistered() {
        assertThat(ReplyRules.decide(reply(200, List.of(), -1), TRUNK, OURS, 0, true, false))
                .isEqualTo(new Outcome.Unregistered());
    }

    @Test
    void aChallengeIsAnsweredOnceAndASecondOneFails() {
        RegisterReply challenge = new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, CHALLENGE, "");
        Outcome first = decide(challenge, false);
        assertThat(first).isInstanceOf(Outcome.Challenged.class);
        assertThat(((Outcome.Challenged) first).headerName()).isEqualTo("Authorization");
        assertThat(decide(challenge, true)).isEqualTo(new Outcome.Failed(401, "authentication failed for trunk_ok", -1));
        RegisterReply proxy = new RegisterReply(407, "Proxy Authentication Required", List.of(), -1, -1, -1, "", CHALLENGE);
        assertThat(((Outcome.Challenged) decide(proxy, false)).headerName()).isEqualTo("Proxy-Authorization");
    }

    @Test
    void aStaleNonceAfterCredentialsIsAnsweredOnceMore() {
        RegisterReply stale = new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, CHALLENGE + ", stale=true", "");
        Outcome retry = ReplyRules.decide(stale, TRUNK, OURS, 60, true, false);
        assertThat(retry).isInstanceOf(Outcome.Challenged.class);
        assertThat(((Outcome.Challenged) retry).staleRetry()).isTrue();
        assertThat(ReplyRules.decide(stale, TRUNK, OURS, 60, true, true)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void aChallengeTheTrunkMustRefuseFailsBeforeAnySecretIsRead() {
        Trunk otherRealm = ((TrunkLoad.Valid) TrunkRules.load(new UacregRow(1, "trunk_badrealm", "carol",
                "client.example", "trunkuser3", "carrier.example", "other.example", "trunkuser3", "trunkpw", "",
                "sip:127.0.0.21:5060", 60, 0, 0, "", ""))).trunk();
        RegisterReply challenge = new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, CHALLENGE, "");
        assertThat(ReplyRules.decide(challenge, otherRealm, OURS, 60, false, false)).isEqualTo(
                new Outcome.Failed(401, "realms do not match. requested realm: [carrier.example]", -1));
    }

    @Test
    void aChallengeWithoutDigestFails() {
        RegisterReply bare = new RegisterReply(401, "Unauthorized", List.of(), -1, -1, -1, "", "");
        assertThat(decide(bare, false)).isEqualTo(new Outcome.Failed(401, "no usable Digest challenge in 401", -1));
    }

    @Test
    void fourTwentyThreeRaisesToMinExpiresOrDoubles() {
        assertThat(decide(new RegisterReply(423, "Interval Too Brief", List.of(), -1, 120, -1, "", ""), false))
                .isEqualTo(new Outcome.RaiseExpires(120));
        assertThat(decide(new RegisterReply(423, "Interval Too Brief", List.of(), -1, -1, -1, "", ""), false))
                .isEqualTo(new Outcome.RaiseExpires(120));
        assertThat(decide(new RegisterReply(423, "Interval Too Brief", List.of(), -1, 30, -1, "", ""), false))
                .isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void anythingElseFailsWithItsCodeReasonAndRetryAfter() {
        assertThat(decide(new RegisterReply(503, "Service Unavailable", List.of(), -1, -1, 120, "", ""), false))
                .isEqualTo(new Outcome.Failed(503, "Service Unavailable", 120));
        assertThat(decide(RegisterReply.timeout(), false)).isEqualTo(new Outcome.Failed(408, "Request Timeout", -1));
    }
}
