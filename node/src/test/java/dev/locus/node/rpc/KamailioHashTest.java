package dev.locus.node.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HashIDs captured from Kamailio 5.6's ul.dump (reference: uacreg-and-rpc.md §11.1). */
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
}
