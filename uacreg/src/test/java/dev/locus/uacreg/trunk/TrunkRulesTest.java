package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Kamailio 5.6's uacreg load rules (reference uacreg-and-rpc.md §2.2), each rejected row kept with its reason. */
class TrunkRulesTest {

    static UacregRow row(String lUuid, String authPassword, String authHa1, String authProxy) {
        return new UacregRow(1, lUuid, "trunk", "example.com", "acme", "carrier.example", "carrier.example", "acme",
                authPassword, authHa1, authProxy, 360, 0, 0, "", "");
    }

    /** The trunk, or the reason the row was refused. */
    private static Object outcome(TrunkLoad load) {
        return load instanceof TrunkLoad.Valid valid ? valid.trunk() : ((TrunkLoad.Invalid) load).reason();
    }

    private static String reason(TrunkLoad load) {
        assertThat(load).isInstanceOf(TrunkLoad.Invalid.class);
        return ((TrunkLoad.Invalid) load).reason();
    }

    @Test
    void aCompleteRowIsATrunk() {
        TrunkLoad load = TrunkRules.load(row("t1", "secret", "", "sip:127.0.0.21:5060"));
        assertThat(load).isInstanceOf(TrunkLoad.Valid.class);
        Trunk t = ((TrunkLoad.Valid) load).trunk();
        assertThat(t.ha1()).isFalse();
        assertThat(t.registers()).isTrue();
    }

    @Test
    void eachRequiredColumnIsNamedWhenEmpty() {
        assertThat(reason(TrunkRules.load(row("", "s", "", "sip:p")))).isEqualTo("empty value not allowed for column 'l_uuid'");
        UacregRow noAuthUser = new UacregRow(2, "t2", "u", "d", "r", "rd", "", "", "s", "", "sip:p", 60, 0, 0, "", "");
        assertThat(reason(TrunkRules.load(noAuthUser))).isEqualTo("empty value not allowed for column 'auth_username'");
    }

    @Test
    void aRowWithoutAnyCredentialIsRejected() {
        assertThat(reason(TrunkRules.load(row("t3", "", "", "sip:p")))).isEqualTo("no password value provided");
    }

    @Test
    void anHa1MustBe32HexCharactersAndIsLowerCasedAndPreferred() {
        assertThat(reason(TrunkRules.load(row("t4", "", "abc", "sip:p")))).contains("auth_ha1");
        Trunk t = ((TrunkLoad.Valid) TrunkRules.load(row("t5", "pw", "0123456789ABCDEF0123456789ABCDEF", "sip:p"))).trunk();
        assertThat(t.ha1()).isTrue();
        assertThat(new Credentials("pw", "0123456789ABCDEF0123456789ABCDEF").secret())
                .isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void anEmptyAuthProxyIsRejectedAsKamailioDoes() {
        assertThat(reason(TrunkRules.load(row("t6", "pw", "", "")))).isEqualTo("empty value not allowed for column 'auth_proxy'");
    }

    @Test
    void flagsBitZeroDisablesAndExpiresZeroNeverRegisters() {
        UacregRow disabled = new UacregRow(7, "t7", "u", "d", "r", "rd", "", "a", "pw", "", "sip:p", 60, 1, 0, "", "");
        assertThat(((TrunkLoad.Valid) TrunkRules.load(disabled)).trunk().registers()).isFalse();
        UacregRow never = new UacregRow(8, "t8", "u", "d", "r", "rd", "", "a", "pw", "", "sip:p", 0, 0, 0, "", "");
        assertThat(((TrunkLoad.Valid) TrunkRules.load(never)).trunk().registers()).isFalse();
    }

    @Test
    void theSharedRowKeepsOnlyWhetherEachSecretIsSetAndIsCheckedAsTheTablesRow() {
        UacregRow full = row("t10", "hunter2", "0123456789ABCDEF0123456789ABCDEF", "sip:p");
        TrunkRow shared = TrunkRow.of(full, "");
        assertThat(shared.passwordSet()).isTrue();
        assertThat(shared.ha1()).isEqualTo(TrunkRow.Ha1.SET);
        assertThat(shared.toString()).doesNotContain("hunter2").doesNotContainIgnoringCase("0123456789abcdef");
        assertThat(shared.toRow(new Credentials("", ""))).isEqualTo(row("t10", "", "", "sip:p"));
        for (UacregRow r : new UacregRow[]{row("a", "", "", "sip:p"), row("b", "", "abc", "sip:p"),
                row("c", "pw", "", ""), full}) {
            assertThat(outcome(TrunkRules.load(TrunkRow.of(r, "member-1"))))
                    .as("same outcome from the shared row").isEqualTo(outcome(TrunkRules.load(r)));
        }
    }

    @Test
    void aPasswordChangeLeavesTheSharedRowEqualWhileAnyOtherColumnChangesIt() {
        assertThat(TrunkRow.of(row("t11", "old", "", "sip:p"), "")).isEqualTo(TrunkRow.of(row("t11", "new", "", "sip:p"), ""));
        assertThat(TrunkRow.of(row("t11", "old", "", "sip:p"), ""))
                .isNotEqualTo(TrunkRow.of(row("t11", "old", "", "sip:q"), ""))
                .isNotEqualTo(TrunkRow.of(row("t11", "", "0123456789abcdef0123456789abcdef", "sip:p"), ""));
    }

    @Test
    void credentialsNeverShowInText() {
        UacregRow r = row("t9", "hunter2", "0123456789abcdef0123456789abcdef", "sip:p");
        assertThat(r.toString()).doesNotContain("hunter2").doesNotContain("0123456789abcdef");
        assertThat(TrunkRules.load(r).toString()).doesNotContain("hunter2").doesNotContain("0123456789abcdef");
    }
}
