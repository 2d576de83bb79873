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

/**
 * Expands the notification address as Kamailio's {@code multi_notify=1} does: an IP literal as is; otherwise the
 * SRV records of the name itself (each target's A/AAAA with the SRV port), then the name's A, then its AAAA
 * records with the configured port. Asks the system's resolver or a configured DNS server; never caches, so every
 * call sees DNS as it is now.
 */
public final class DnsDiscovery implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);
    private static final int MAX_NODES = 30;

    private final List<DmqUri> seeds;
    private final Optional<InetSocketAddress> server;

    /** @param seeds the configured notification addresses ({@code sip:name:port} or {@code sip:ip:port}) */
    public DnsDiscovery(List<DmqUri> seeds, Optional<InetSocketAddress> server) {
        this.seeds = List.copyOf(seeds);
        this.server = server;
    }

    @Override
    public List<DmqUri> resolve() {
        Set<DmqUri> found = new LinkedHashSet<>();
        for (DmqUri seed : seeds) {
            if (isIpLiteral(seed.host())) {
                found.add(seed);
                continue;
            }
            for (Record r : lookup(seed.host(), Type.SRV)) {
                SRVRecord srv = (SRVRecord) r;
                String target = srv.getTarget().toString(true);
                for (String ip : addresses(target)) {
                    found.add(new DmqUri(ip, Integer.toString(srv.getPort()), seed.proto()));
                }
            }
            for (String ip : addresses(seed.host())) {
                found.add(new DmqUri(ip, seed.port(), seed.proto()));
            }
        }
        return found.stream().limit(MAX_NODES).toList();
    }

    @Override
    public Optional<String> resolveHost(String host) {
        if (isIpLiteral(host)) {
            return Optional.of(stripBrackets(host));
        }
        List<String> ips = addresses(host);
        return ips.isEmpty() ? Optional.empty() : Optional.of(ips.get(0));
    }

    private List<String> addresses(String host) {
        List<String> ips = new ArrayList<>();
        for (Record r : lookup(host, Type.A)) {
            ips.add(((ARecord) r).getAddress().getHostAddress());
        }
        for (Record r : lookup(host, Type.AAAA)) {
            ips.add("[" + ((AAAARecord) r).getAddress().getHostAddress() + "]");
        }
        return ips;
    }

    private Record[] lookup(String host, int type) {
        try {
            Lookup lookup = new Lookup(Name.fromString(host.endsWith(".") ? host : host + "."), type);
            lookup.setCache(null);
            lookup.setResolver(resolver());
            Record[] records = lookup.run();
            return records == null ? new Record[0] : records;
        } catch (TextParseException e) {
            log.warn("bad DNS name {}: {}", host, e.getMessage());
            return new Record[0];
        }
    }

    private Resolver resolver() {
        if (server.isEmpty()) {
            return Lookup.getDefaultResolver();
        }
        SimpleResolver resolver = new SimpleResolver(server.get());
        resolver.setTimeout(java.time.Duration.ofSeconds(2));
        return resolver;
    }

    public static boolean isIpLiteral(String host) {
        String h = stripBrackets(host);
        return h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.]+"));
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

}
