package dev.locus.uacreg.trunk;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrunkDiffTest {

    private static TrunkLoad trunk(String lUuid, int expires) {
        return TrunkRules.load(new UacregRow(1, lUuid, "u", "d", "r", "rd", "", "a", "pw", "", "sip:p", expires, 0, 0, "", ""));
    }

    @Test
    void aReloadIsADiffByLUuid() {
        Map<String, TrunkLoad> current = new LinkedHashMap<>();
        current.put("keep", trunk("keep", 60));
        current.put("change", trunk("change", 60));
        current.put("drop", trunk("drop", 60));
        TrunkDiff diff = TrunkDiff.between(current, List.of(trunk("keep", 60), trunk("change", 120), trunk("new", 60)));
        assertThat(diff.unchanged()).extracting(TrunkLoad::key).containsExactly("keep");
        assertThat(diff.changed()).extracting(TrunkLoad::key).containsExactly("change");
        assertThat(diff.added()).extracting(TrunkLoad::key).containsExactly("new");
        assertThat(diff.removed()).extracting(TrunkLoad::key).containsExactly("drop");
    }

    @Test
    void aRowThatBecameInvalidIsAChange() {
        Map<String, TrunkLoad> current = Map.of("t", trunk("t", 60));
        TrunkLoad broken = TrunkRules.load(new UacregRow(1, "t", "u", "d", "r", "rd", "", "a", "", "", "sip:p", 60, 0, 0, "", ""));
        assertThat(TrunkDiff.between(current, List.of(broken)).changed()).containsExactly(broken);
    }
}
