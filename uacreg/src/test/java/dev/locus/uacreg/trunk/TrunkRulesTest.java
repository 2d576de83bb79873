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

    private static String reason(TrunkLoad load) {
        assertThat(load).isInstanceOf(TrunkLoad.Invalid.class);
        return ((TrunkLoad.Invalid) load).reason();
    }

    @Test
    void aCompleteRowIsATrunk() {
        TrunkLoad load = TrunkRules.load(row("t1", "secret", "", "sip:127.0.0.21:5060"));
        assertThat(load).isInstanceOf(TrunkLoad.Valid.class);
        Trunk t = ((TrunkLoad.Valid) load).trunk();
        assertThat(t.secret()).isEqualTo("secret");
        assertThat(t.secretIsHa1()).isFalse();
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
        assertThat(t.secret()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(t.secretIsHa1()).isTrue();
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
    void credentialsNeverShowInText() {
        UacregRow r = row("t9", "hunter2", "0123456789abcdef0123456789abcdef", "sip:p");
        assertThat(r.toString()).doesNotContain("hunter2").doesNotContain("0123456789abcdef");
        assertThat(TrunkRules.load(r).toString()).doesNotContain("hunter2").doesNotContain("0123456789abcdef");
    }
}
