package dev.locus.node.protect;

import dev.locus.registrar.HtItem;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * This node's copy of the ban table, kept by the table's watch, so that a request's check is one local map lookup,
 * never a cluster round trip. Items expire by this node's clock, as Kamailio reads its own table. A ban of a trusted
 * address (a cluster member, a configured network) is not taken: nothing the table says stops the cluster talking
 * to itself.
 */
final class BanList {

    /** @param expire UNIX seconds, 0 never; {@code told} whether this node has logged dropping for this ban */
    record Ban(long expire, AtomicBoolean told) {

        boolean liveAt(long now) {
            return expire == 0 || expire >= now;
        }
    }

    private final ConcurrentHashMap<InetAddress, Ban> bans = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Predicate<InetAddress> trusted;

    BanList(InstantSource clock, Predicate<InetAddress> trusted) {
        this.clock = clock;
        this.trusted = trusted;
    }

    /** The live ban of {@code source}, if any; an expired one is forgotten here. */
    Optional<Ban> of(InetAddress source) {
        if (bans.isEmpty()) {
            return Optional.empty();
        }
        Ban ban = bans.get(source);
        if (ban == null) {
            return Optional.empty();
        }
        if (!ban.liveAt(clock.instant().getEpochSecond())) {
            bans.remove(source, ban);
            return Optional.empty();
        }
        return Optional.of(ban);
    }

    boolean banned(InetAddress source) {
        return of(source).isPresent();
    }

    /** A change of the table's item {@code name} (the watch's view): a ban set or renewed, or gone. */
    void changed(String name, Optional<HtItem> item) {
        Optional<InetAddress> address = address(name);
        if (address.isEmpty()) {
            return; // not an address: nothing a request can come from
        }
        if (item.isEmpty()) {
            bans.remove(address.get());
        } else {
            put(address.get(), item.get().expire());
        }
    }

    void put(InetAddress address, long expire) {
        if (!trusted.test(address)) {
            bans.compute(address, (a, old) -> old != null && old.expire() == expire ? old
                    : new Ban(expire, new AtomicBoolean()));
        }
    }

    /** Live bans now. */
    int size() {
        long now = clock.instant().getEpochSecond();
        return (int) bans.values().stream().filter(b -> b.liveAt(now)).count();
    }

    /** An item name as an address: only a literal, so that no name is ever looked up in DNS. */
    static Optional<InetAddress> address(String name) {
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = bare.indexOf(':') >= 0 && bare.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
