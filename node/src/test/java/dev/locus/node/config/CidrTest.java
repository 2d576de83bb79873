package dev.locus.node.config;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void anIpv4BlockHoldsItsAddressesOnly() throws Exception {
        Cidr block = Cidr.parse("192.0.2.0/24");
        assertThat(block.contains(ip("192.0.2.0"))).isTrue();
        assertThat(block.contains(ip("192.0.2.255"))).isTrue();
        assertThat(block.contains(ip("192.0.3.0"))).isFalse();
        assertThat(block.contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void aPrefixNotOnAByteBoundaryMasksTheRightBits() throws Exception {
        Cidr block = Cidr.parse("10.1.2.3/20");
        assertThat(block.toString()).isEqualTo("10.1.0.0/20");
        assertThat(block.contains(ip("10.1.15.255"))).isTrue();
        assertThat(block.contains(ip("10.1.16.0"))).isFalse();
    }

    @Test
    void aBareAddressIsABlockOfOne() throws Exception {
        Cidr one = Cidr.parse("127.0.0.1");
        assertThat(one.contains(ip("127.0.0.1"))).isTrue();
        assertThat(one.contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void slashZeroHoldsEveryAddressOfItsFamily() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(ip("203.0.113.9"))).isFalse();
    }

    @Test
    void ipv6BlocksMatchAnySpellingOfTheAddress() throws Exception {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertThat(block.contains(ip("2001:0db8:0000::7"))).isTrue();
        assertThat(block.contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void namesAndBadPrefixesAreRefusedWithTheirText() {
        assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("example.com");
        assertThatThrownBy(() -> Cidr.parse("192.0.2.0/33")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("192.0.2.0/x")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("300.1.1.1");
    }
}
