package dev.locus.dmq.discovery;

import dev.locus.dmq.DmqUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Expands the notification address as Kamailio's {@code multi_notify=1} does: an IP literal as is; otherwise the
 * SRV records of the name itself (each target's A/AAAA with the SRV port), then the name's A, then its AAAA
 * records with the configured port. Asks the system's resolver or a configured DNS server; never caches, so every
 * call sees DNS as it is now. Unlike Kamailio, which keeps at most 30 addresses, every address is used: a cluster
 * name with 40 records is 40 nodes. A resolution whose lookups failed (timed out, refused) and found nothing is a
 * {@link Resolution.Failure}; a name without records is an empty {@link Resolution.Answer}.
 */
public final class DnsDiscovery implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);

    private final List<DmqUri> seeds;
    private final Supplier<Resolver> resolver;

    /** @param seeds the configured notification addresses ({@code sip:name:port} or {@code sip:ip:port}) */
    public DnsDiscovery(List<DmqUri> seeds, Optional<InetSocketAddress> server) {
        this(seeds, server.<Supplier<Resolver>>map(s -> () -> {
            SimpleResolver simple = new SimpleResolver(s);
            simple.setTimeout(java.time.Duration.ofSeconds(2));
            return simple;
        }).orElse(Lookup::getDefaultResolver));
    }

    /** @param resolver asked for every lookup, so that a changed system resolver is seen */
    public DnsDiscovery(List<DmqUri> seeds, Supplier<Resolver> resolver) {
        this.seeds = List.copyOf(seeds);
        this.resolver = resolver;
    }

    @Override
    public Resolution resolve() {
        Set<DmqUri> found = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (DmqUri seed : seeds) {
            if (isIpLiteral(seed.host())) {
                found.add(seed);
                continue;
            }
            for (Record r : lookup(seed.host(), Type.SRV, failures)) {
                SRVRecord srv = (SRVRecord) r;
                String target = srv.getTarget().toString(true);
                for (String ip : addresses(target, failures)) {
                    found.add(new DmqUri(ip, Integer.toString(srv.getPort()), seed.proto()));
                }
            }
            for (String ip : addresses(seed.host(), failures)) {
                found.add(new DmqUri(ip, seed.port(), seed.proto()));
            }
        }
        // A server that refuses one type (dnsmasq refuses SRV for a name it only has A records for) still
        // answered with the others; only a resolution that failed and found nothing is a failure.
        if (found.isEmpty() && !failures.isEmpty()) {
            return new Resolution.Failure(String.join("; ", failures));
        }
        return new Resolution.Answer(List.copyOf(found));
    }

    @Override
    public Optional<String> resolveHost(String host) {
        if (isIpLiteral(host)) {
            return Optional.of(DmqUri.canonicalHost(host));
        }
        List<String> ips = addresses(host, new ArrayList<>());
        return ips.isEmpty() ? Optional.empty() : Optional.of(ips.get(0));
    }

    private List<String> addresses(String host, List<String> failures) {
        List<String> ips = new ArrayList<>();
        for (Record r : lookup(host, Type.A, failures)) {
            ips.add(((ARecord) r).getAddress().getHostAddress());
        }
        for (Record r : lookup(host, Type.AAAA, failures)) {
            ips.add(DmqUri.canonicalHost(((AAAARecord) r).getAddress().getHostAddress()));
        }
        return ips;
    }

    /** The records of one type; none when the name or the type does not exist, or when the lookup failed (noted). */
    private Record[] lookup(String host, int type, List<String> failures) {
        try {
            Lookup lookup = new Lookup(Name.fromString(host.endsWith(".") ? host : host + "."), type);
            lookup.setCache(null);
            lookup.setResolver(resolver.get());
            Record[] records = lookup.run();
            return switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> records;
                case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Record[0];
                default -> {
                    failures.add(Type.string(type) + " " + host + ": " + lookup.getErrorString());
                    yield new Record[0];
                }
            };
        } catch (TextParseException e) {
            log.warn("bad DNS name {}: {}", host, e.getMessage());
            return new Record[0];
        }
    }

    public static boolean isIpLiteral(String host) {
        String h = stripBrackets(host);
        return h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.]+"));
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

}
