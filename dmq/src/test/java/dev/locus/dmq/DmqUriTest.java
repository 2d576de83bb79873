package dev.locus.dmq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DmqUriTest {

    @Test
    void anIpv6AddressIsWrittenInBrackets() {
        assertThat(DmqUri.of("::1", 5090).text()).isEqualTo("sip:[::1]:5090");
        assertThat(DmqUri.of("::1", 5090).channelUri("usrloc")).isEqualTo("sip:usrloc@[::1]:5090");
    }

    @Test
    void anIpv6AddressIsOneHostWithOrWithoutBracketsInAnySpelling() {
        DmqUri bare = DmqUri.of("::1", 5090);
        assertThat(DmqUri.parse("sip:[::1]:5090")).isEqualTo(bare);
        assertThat(DmqUri.parse("sip:[0:0:0:0:0:0:0:1]:5090")).isEqualTo(bare);
        assertThat(DmqUri.of("2001:DB8:0:0:1:0:0:1", 5090)).isEqualTo(DmqUri.parse("sip:[2001:db8::1:0:0:1]:5090"));
    }

    @Test
    void ipv4AddressesAndNamesAreKeptAsGiven() {
        assertThat(DmqUri.of("127.0.0.1", 5090).text()).isEqualTo("sip:127.0.0.1:5090");
        assertThat(DmqUri.parse("sip:locus.test:5090").host()).isEqualTo("locus.test");
    }
}
