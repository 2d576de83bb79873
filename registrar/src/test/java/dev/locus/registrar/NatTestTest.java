package dev.locus.registrar;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatTestTest {

    private static final NatTest DEFAULT = NatTest.KAMAILIO_DEFAULT;

    @Test
    void aUaThatSaysWhereItIsDoesNotLookNated() {
        assertThat(DEFAULT.looksNated(List.of("203.0.113.5"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isFalse();
    }

    @Test
    void aPrivateContactLooksNated() {
        assertThat(DEFAULT.looksNated(List.of("192.168.1.20"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isTrue();
        assertThat(DEFAULT.looksNated(List.of("10.1.2.3"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isTrue();
        assertThat(DEFAULT.looksNated(List.of("172.31.0.1"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isTrue();
        assertThat(DEFAULT.looksNated(List.of("100.64.0.1"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isTrue();
        assertThat(DEFAULT.looksNated(List.of("172.32.0.1"), "203.0.113.5", 5060, "203.0.113.5", 5060)).isFalse();
    }

    @Test
    void aViaThatIsNotTheSourceLooksNated() {
        assertThat(DEFAULT.looksNated(List.of("203.0.113.5"), "198.51.100.7", 5060, "203.0.113.5", 5060)).isTrue();
        assertThat(DEFAULT.looksNated(List.of("203.0.113.5"), "ua.example.com", 5060, "203.0.113.5", 5060))
                .as("a host name is compared as text, without DNS").isTrue();
    }

    @Test
    void aViaPortThatIsNotTheSourcePortLooksNatedAndAMissingPortMeans5060() {
        assertThat(DEFAULT.looksNated(List.of(), "203.0.113.5", 5062, "203.0.113.5", 40000)).isTrue();
        assertThat(DEFAULT.looksNated(List.of(), "203.0.113.5", -1, "203.0.113.5", 5060)).isFalse();
    }

    @Test
    void ipv6AddressesAreComparedAsAddresses() {
        assertThat(DEFAULT.looksNated(List.of(), "[::1]", 5060, "0:0:0:0:0:0:0:1", 5060)).isFalse();
    }

    @Test
    void aPrivateViaCountsOnlyWhenAskedFor() {
        assertThat(DEFAULT.looksNated(List.of(), "192.168.1.20", 5060, "192.168.1.20", 5060)).isFalse();
        assertThat(new NatTest(NatTest.PRIVATE_VIA).looksNated(List.of(), "192.168.1.20", 5060, "192.168.1.20", 5060))
                .isTrue();
    }

    @Test
    void zeroNeverStoresReceived() {
        assertThat(new NatTest(0).looksNated(List.of("10.0.0.1"), "198.51.100.7", 1, "203.0.113.5", 2)).isFalse();
    }

    @Test
    void theSdpTestIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new NatTest(27)).hasMessageContaining("registrar.nat_test=27");
    }
}
