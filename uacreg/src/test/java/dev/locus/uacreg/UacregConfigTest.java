package dev.locus.uacreg;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class UacregConfigTest {

    private static UacregConfig quorum(OptionalInt quorum) {
        return new UacregConfig(true, "127.0.0.1:5060", Duration.ofSeconds(32), Duration.ofSeconds(30),
                Duration.ofSeconds(300), Duration.ZERO, 200, quorum, Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    @Test
    void anAutomaticQuorumIsAMajorityOfTheIntendedCluster() {
        UacregConfig auto = quorum(OptionalInt.empty());
        assertThat(auto.quorumOf(1)).isEqualTo(1);
        assertThat(auto.quorumOf(2)).isEqualTo(2);
        assertThat(auto.quorumOf(3)).isEqualTo(2);
        assertThat(auto.quorumOf(4)).isEqualTo(3);
        assertThat(auto.quorumOf(5)).isEqualTo(3);
    }

    @Test
    void aConfiguredQuorumIsKeptWhateverTheClusterSize() {
        assertThat(quorum(OptionalInt.of(1)).quorumOf(5)).isEqualTo(1);
        assertThat(quorum(OptionalInt.of(4)).quorumOf(3)).isEqualTo(4);
    }
}
