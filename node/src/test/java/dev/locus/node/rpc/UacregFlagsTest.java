package dev.locus.node.rpc;

import dev.locus.uacreg.TrunkStatus.Activity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** uac.reg_dump's flags are Kamailio's uac_reg bits, computed from what the trunk module reports. */
class UacregFlagsTest {

    @Test
    void eachFactIsItsKamailioBit() {
        assertThat(UacregMethods.flags(new Activity(true, false, false, false, false))).isEqualTo(1);
        assertThat(UacregMethods.flags(new Activity(false, true, false, false, false))).isEqualTo(2);
        assertThat(UacregMethods.flags(new Activity(false, false, false, true, false))).isEqualTo(4);
        assertThat(UacregMethods.flags(new Activity(false, false, true, false, false))).isEqualTo(8);
        assertThat(UacregMethods.flags(new Activity(false, false, false, false, true))).isEqualTo(16);
    }

    @Test
    void aRegisteredTrunkShowsOnlineAndInitialised() {
        assertThat(UacregMethods.flags(new Activity(false, false, false, true, true))).isEqualTo(20);
    }

    @Test
    void aTrunkThatDidNothingShowsNoBits() {
        assertThat(UacregMethods.flags(Activity.NONE)).isZero();
    }
}
