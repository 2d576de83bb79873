package dev.locus.node.rpc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HashIDs captured from Kamailio 5.6's ul.dump (reference: uacreg-and-rpc.md §11.1); case-insensitive hashes
 * computed by Kamailio 5.6.3's own {@code core_case_hash} (src/core/hashes.h compiled with gcc on x86-64), whose
 * slots Kamailio's htable.dump showed live for a 16-slot table.
 */
class KamailioHashTest {

    @Test
    void matchesTheHashIdsKamailioPrinted() {
        assertThat(KamailioHash.coreHash("trunkuser1")).isEqualTo(3778790107L);
        assertThat(KamailioHash.coreHash("trunkuser6")).isEqualTo(3778790100L);
    }

    @Test
    void kamcmdPrintsTheSameHashSigned() {
        assertThat((int) KamailioHash.coreHash("trunkuser6")).isEqualTo(-516177196);
    }

    @Test
    void caseInsensitiveHashMatchesKamailiosCoreCaseHash() {
        assertThat(KamailioHash.coreCaseHash("")).isZero();
        assertThat(KamailioHash.coreCaseHash("a")).isEqualTo(109L);
        assertThat(KamailioHash.coreCaseHash("ab")).isEqualTo(27998L);
        assertThat(KamailioHash.coreCaseHash("abc")).isEqualTo(7167810L);
        assertThat(KamailioHash.coreCaseHash("abcd")).isEqualTo(1834959896L);
        assertThat(KamailioHash.coreCaseHash("abcde")).isEqualTo(1834960001L);
        assertThat(KamailioHash.coreCaseHash("trunkuser1")).isEqualTo(3778790107L);
        assertThat(KamailioHash.coreCaseHash("MixedCase_Name.42")).isEqualTo(2491983738L);
        // Only A-Z fold: '@', '[', '`' and '{' (next to the capitals and the small letters) stay as they are.
        assertThat(KamailioHash.coreCaseHash("Z@[`{")).isEqualTo(1964677814L);
        // Bytes past 0x7f are negative C chars.
        assertThat(KamailioHash.coreCaseHash("ÄÖü-é")).isEqualTo(2513881997L);
    }

    @Test
    void caseInsensitiveHashIgnoresTheCaseOfLettersOnly() {
        assertThat(KamailioHash.coreCaseHash("GW1")).isEqualTo(KamailioHash.coreCaseHash("gw1")).isEqualTo(7056038L);
        assertThat(KamailioHash.coreHash("GW1")).isEqualTo(5229131L);
        assertThat(KamailioHash.coreHash("MixedCase_Name.42")).isEqualTo(2019583400L);
    }

    @Test
    void slotsAreTheOnesKamailiosHtableDumpShowed() {
        // htable.dump of a size=4 table (16 slots) on Kamailio 5.6.3: cnt 2, gw3 4, gw1 and cnt2 6, fr 12, neg 13.
        assertThat(List.of("cnt", "gw3", "gw1", "cnt2", "fr", "neg").stream()
                .map(n -> KamailioHash.coreCaseHash(n) & 15).toList()).containsExactly(2L, 4L, 6L, 6L, 12L, 13L);
        // gw1 listed before cnt2 in slot 6: a slot is ordered by hash.
        assertThat(KamailioHash.coreCaseHash("gw1")).isLessThan(KamailioHash.coreCaseHash("cnt2"));
    }
}
