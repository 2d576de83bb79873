package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stats.get_statistics all} of a live Kamailio 5.6 (registrar, usrloc, tm, tmx, sl, jsonrpcs loaded) and of a
 * Locus node name the same statistics, but for the exceptions the README lists: Kamailio's DNS resolver's and
 * outgoing-TCP figures, which Locus has not; and Locus's own groups and UDP drops, which Kamailio has not.
 */
class StatisticsNamesKamailioIT {

    private static final String KAMAILIO = "127.0.0.170";
    private static final String LOCUS = "127.0.0.175";
    /** In Kamailio, not in Locus (README, "Kamailio's statistics"). */
    private static final Set<String> ONLY_KAMAILIO = Set.of("dns:failed_dns_request", "dns:slow_dns_request",
            "tcp:con_reset", "tcp:connect_failed", "tcp:connect_success", "tcp:current_write_queue_size",
            "tcp:established", "tcp:passive_open", "tcp:send_timeout", "tcp:sendq_full");
    /** Locus's own groups; and in core:, its UDP queue drops. */
    private static final Set<String> LOCUS_GROUPS = Set.of("auth", "cluster", "proxy", "protect", "dmq", "uac");
    private static final Set<String> ONLY_LOCUS_CORE = Set.of("core:udp_queue_drops", "core:udp_not_sip_drops");

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;

    @BeforeAll
    static void start() throws Exception {
        kamailio = Kamailio.proxy(KAMAILIO, dir).start();
        node = TestNodes.start(TestNodes.settings(LOCUS, 17403), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private static Set<String> names(JsonNode lines) {
        Set<String> names = new TreeSet<>();
        lines.forEach(line -> names.add(line.asText().substring(0, line.asText().indexOf(" = "))));
        return names;
    }

    @Test
    void locusNamesKamailiosStatisticsButTheDocumentedExceptions() throws Exception {
        Set<String> kamailioNames = names(kamailio.rpc("stats.get_statistics", "all").get("result"));
        Set<String> locusNames = names(new RpcClient(node.rpcAddress()).result("stats.get_statistics", "all"));
        assertThat(kamailioNames).as("Kamailio answered").hasSizeGreaterThan(100);

        Set<String> missing = new TreeSet<>(kamailioNames);
        missing.removeAll(locusNames);
        assertThat(missing).as("Kamailio's statistics Locus lacks").isEqualTo(new TreeSet<>(ONLY_KAMAILIO));

        Set<String> extra = new TreeSet<>(locusNames);
        extra.removeAll(kamailioNames);
        extra.removeIf(name -> LOCUS_GROUPS.contains(name.substring(0, name.indexOf(':'))));
        assertThat(extra).as("Locus's statistics Kamailio lacks, outside Locus's own groups")
                .isEqualTo(new TreeSet<>(ONLY_LOCUS_CORE));
    }

    @Test
    void registrarAndShmemGroupsReadAsKamailiosDo() throws Exception {
        RpcClient rpc = new RpcClient(node.rpcAddress());
        assertThat(names(rpc.result("stats.get_statistics", "registrar:")))
                .isEqualTo(names(kamailio.rpc("stats.get_statistics", "registrar:").get("result")));
        JsonNode kamailioShmem = kamailio.rpc("stats.fetchn", "shmem:").get("result");
        JsonNode locusShmem = rpc.result("stats.fetchn", "shmem:");
        Set<String> kamailioKeys = new TreeSet<>();
        kamailioShmem.fieldNames().forEachRemaining(kamailioKeys::add);
        Set<String> locusKeys = new TreeSet<>();
        locusShmem.fieldNames().forEachRemaining(locusKeys::add);
        assertThat(locusKeys).isEqualTo(kamailioKeys);
        long total = locusShmem.get("shmem.total_size").asLong();
        assertThat(total).as("the heap's maximum").isEqualTo(Runtime.getRuntime().maxMemory());
        // Each figure is read on its own, while the heap changes: free and used add up to about the maximum.
        assertThat(locusShmem.get("shmem.free_size").asLong()).isPositive().isLessThan(total);
        assertThat(locusShmem.get("shmem.used_size").asLong()).isPositive().isLessThan(total);
    }
}
