package dev.locus.uacreg.registration;

import dev.locus.uacreg.trunk.Credentials;
import dev.locus.uacreg.trunk.Trunk;
import dev.locus.uacreg.trunk.TrunkLoad;
import dev.locus.uacreg.trunk.TrunkRules;
import dev.locus.uacreg.UacregRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the exchange captured between Kamailio 5.6.3's uac and a carrier (reference uacreg-and-rpc.md §5). */
class DigestAnswerTest {

    private static final String CHALLENGE = "Digest realm=\"carrier.example\", nonce=\"awMdiGsDHFxP9UErcD1peTQCw6qT3SXr\", qop=\"auth\"";

    private record Row(Trunk trunk, Credentials credentials) {
    }

    private static Row trunk(String lUuid, String user, String realm, String password, String ha1) {
        return new Row(((TrunkLoad.Valid) TrunkRules.load(new UacregRow(1, lUuid, "alice", "client.example", user,
                "carrier.example", realm, user, password, ha1, "sip:127.0.0.21:5060", 60, 0, 0, "", ""))).trunk(),
                new Credentials(password, ha1));
    }

    private static DigestAnswer.Result answer(Challenge challenge, Row row, String cnonce) {
        return DigestAnswer.answer(challenge, row.trunk(), row.credentials(), "REGISTER", cnonce);
    }

    @Test
    void reproducesTheCapturedAuthorizationOfTrunkOk() {
        var result = answer(Challenge.parse(CHALLENGE).orElseThrow(),
                trunk("trunk_ok", "trunkuser1", "carrier.example", "trunkpw", ""), "3656349368");
        assertThat(result).isEqualTo(new DigestAnswer.Header("Digest username=\"trunkuser1\", realm=\"carrier.example\", "
                + "nonce=\"awMdiGsDHFxP9UErcD1peTQCw6qT3SXr\", uri=\"sip:carrier.example\", qop=auth, nc=00000001, "
                + "cnonce=\"3656349368\", response=\"b17abd6025eeb9528355d2047aa67a6b\", algorithm=MD5"));
    }

    @Test
    void anHa1AnswersLikeThePasswordItCameFrom() {
        var fromHa1 = answer(Challenge.parse(CHALLENGE).orElseThrow(),
                trunk("trunk_ha1", "trunkuser5", "", "", "562BDFE6A46712DCF3E6FFDF84590E46"), "1");
        var fromPassword = answer(Challenge.parse(CHALLENGE).orElseThrow(),
                trunk("trunk_ha1", "trunkuser5", "", "trunkpw", ""), "1");
        assertThat(fromHa1).isEqualTo(fromPassword);
    }

    @Test
    void aRealmThatDiffersFailsTheRowWithKamailiosReason() {
        var result = answer(Challenge.parse(CHALLENGE).orElseThrow(),
                trunk("trunk_badrealm", "trunkuser3", "other.example", "trunkpw", ""), "1");
        assertThat(result).isEqualTo(new DigestAnswer.Failure("realms do not match. requested realm: [carrier.example]"));
    }

    @Test
    void sha256IsAnsweredFromAPasswordButNotFromAnMd5Ha1() {
        Challenge sha = Challenge.parse(CHALLENGE + ", algorithm=SHA-256, opaque=\"o1\"").orElseThrow();
        var withPassword = answer(sha, trunk("t", "trunkuser1", "", "trunkpw", ""), "c");
        assertThat(withPassword).isInstanceOf(DigestAnswer.Header.class);
        assertThat(((DigestAnswer.Header) withPassword).value()).contains("opaque=\"o1\"").endsWith("algorithm=SHA-256");
        assertThat(answer(sha, trunk("t", "trunkuser5", "", "", "562bdfe6a46712dcf3e6ffdf84590e46"), "c"))
                .isInstanceOf(DigestAnswer.Failure.class);
    }

    @Test
    void anHa1UpperCasedInTheTableAnswersAsLowerCase() {
        Row upper = trunk("trunk_ha1", "trunkuser5", "", "", "562BDFE6A46712DCF3E6FFDF84590E46");
        Row lower = trunk("trunk_ha1", "trunkuser5", "", "", "562bdfe6a46712dcf3e6ffdf84590e46");
        Challenge c = Challenge.parse(CHALLENGE).orElseThrow();
        assertThat(answer(c, upper, "1")).isEqualTo(answer(c, lower, "1"));
    }

    @Test
    void secretsEmptiedInTheDatabaseSinceTheLoadFailTheRow() {
        Row loaded = trunk("t", "trunkuser1", "", "trunkpw", "");
        assertThat(DigestAnswer.answer(Challenge.parse(CHALLENGE).orElseThrow(), loaded.trunk(),
                new Credentials("", ""), "REGISTER", "1")).isEqualTo(new DigestAnswer.Failure("no password value provided"));
    }

    @Test
    void challengesWithoutRealmOrNonceOrNotDigestAreNotChallenges() {
        assertThat(Challenge.parse("Basic realm=\"x\"")).isEmpty();
        assertThat(Challenge.parse("Digest realm=\"x\"")).isEmpty();
        assertThat(Challenge.parse("Digest nonce=\"n\", realm=\"r\", stale=TRUE").orElseThrow().stale()).isTrue();
    }
}
