package dev.locus.node.protect;

import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BanListTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000_000));
    private final BanList bans = new BanList(now::get, a -> a.getHostAddress().equals("192.0.2.99"));

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static Optional<HtItem> item(String name, long expire) {
        return Optional.of(new HtItem(name, HtValue.of(1), expire));
    }

    @Test
    void aBanHoldsUntilItsExpiryByThisNodesClock() throws Exception {
        bans.changed("192.0.2.7", item("192.0.2.7", 1_000_010));
        assertThat(bans.banned(ip("192.0.2.7"))).isTrue();
        now.set(Instant.ofEpochSecond(1_000_010));
        assertThat(bans.banned(ip("192.0.2.7"))).as("equal is still live, as Kamailio reads it").isTrue();
        now.set(Instant.ofEpochSecond(1_000_011));
        assertThat(bans.banned(ip("192.0.2.7"))).isFalse();
        assertThat(bans.size()).isZero();
    }

    @Test
    void aRemovedItemLiftsTheBanAndOneWithoutExpiryHoldsUntilThen() throws Exception {
        bans.changed("2001:db8::7", item("2001:db8::7", 0));
        now.set(Instant.ofEpochSecond(9_000_000));
        assertThat(bans.banned(ip("2001:db8:0:0::7"))).isTrue();
        bans.changed("2001:db8::7", Optional.empty());
        assertThat(bans.banned(ip("2001:db8::7"))).isFalse();
    }

    @Test
    void trustedAddressesAndNamesThatAreNoAddressAreNotTaken() throws Exception {
        bans.changed("192.0.2.99", item("192.0.2.99", 0));
        bans.changed("example.com", item("example.com", 0));
        bans.changed("ip:192.0.2.8", item("ip:192.0.2.8", 0));
        assertThat(bans.banned(ip("192.0.2.99"))).isFalse();
        assertThat(bans.size()).isZero();
        assertThat(BanList.address("example.com")).isEmpty();
        assertThat(BanList.address("[2001:db8::1]")).contains(ip("2001:db8::1"));
    }

    @Test
    void theBanTableKeyIsKamailiosSourceAddress() throws Exception {
        assertThat(Protection.key(ip("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(Protection.key(ip("2001:0db8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
    }
}
