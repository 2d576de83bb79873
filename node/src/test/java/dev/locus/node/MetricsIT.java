package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.node.support.Register;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /metrics, /health/* and the stats.* commands over real HTTP, after real REGISTERs: the same counts in both, the
 * histograms' buckets, a ready node (200) and one short of its quorum (503 saying so), a scrape secret.
 */
class MetricsIT {

    private static final String HOST = "127.0.0.166";
    private static final String LONELY = "127.0.0.168";
    private static final String SECRET = "scrape-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocusNode node;
    private static LocusNode lonely;
    private static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        node = TestNodes.start(TestNodes.settings(HOST, 17401), Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
        Map<String, String> quorumOfTwo = TestNodes.settings(LONELY, 17402);
        quorumOfTwo.put("uacreg.quorum", "2");
        quorumOfTwo.put("metrics.secret", SECRET);
        lonely = TestNodes.start(quorumOfTwo, Clock.systemUTC());
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.167", new InetSocketAddress(HOST, 5060))) {
            for (int i = 0; i < 3; i++) {
                assertThat(ua.request(Register.of("metered" + i, "example.com")
                        .contact("<sip:metered" + i + "@192.0.2.1:5060>").expires(600).to(ua)).status()).isEqualTo(200);
            }
            // Below min_expires (60 by default): 423, a rejected registration.
            assertThat(ua.request(Register.of("brief", "example.com").contact("<sip:brief@192.0.2.1:5060>")
                    .expires(5).to(ua)).status()).isEqualTo(423);
        }
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (lonely != null) {
            lonely.close();
        }
    }

    private static HttpResponse<String> get(LocusNode n, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + n.rpcAddress().getHostString()
                + ":" + n.rpcAddress().getPort() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of a scrape, {@code name{labels}} to value. */
    private static Map<String, Double> scrape(LocusNode n, String... headers) throws Exception {
        HttpResponse<String> response = get(n, "/metrics", headers);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static long statistic(String name) throws Exception {
        String line = rpc.result("stats.get_statistics", name).get(0).asText();
        return Long.parseLong(line.substring(line.indexOf(" = ") + 3));
    }

    @Test
    void scrapeShowsTheStatisticsTheRpcReportsUnderPrometheusNames() throws Exception {
        Map<String, Double> m = scrape(node);
        assertThat(m).containsEntry("locus_registrar_accepted_regs_total", 3.0)
                .containsEntry("locus_registrar_rejected_regs_total", 1.0)
                .containsEntry("locus_sip_requests_total{method=\"REGISTER\"}", 4.0)
                .containsEntry("locus_usrloc_location_contacts", 3.0)
                .containsEntry("locus_usrloc_location_users", 3.0)
                .containsEntry("locus_registrar_default_expire", 3600.0)
                .containsEntry("locus_sl_replies_total{code=\"200\"}", 3.0)
                .containsEntry("locus_sl_replies_total{code=\"4xx\"}", 1.0)
                .containsEntry("locus_hazelcast_member_running", 1.0)
                .containsEntry("locus_cluster_members", 1.0);
        assertThat(statistic("accepted_regs")).isEqualTo(3);
        assertThat(statistic("rcv_requests_register")).isEqualTo(4);
        assertThat(statistic("4xx_replies")).isEqualTo(1);
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
                .anyMatch(k -> k.startsWith("locus_hazelcast_map_owned_entries{map="));
        assertThat(m.get("locus_shmem_total_size")).isEqualTo((double) Runtime.getRuntime().maxMemory());
    }

    @Test
    void latenciesAreHistogramsWithBuckets() throws Exception {
        rpc.result("core.version");
        Map<String, Double> m = scrape(node);
        assertThat(m).containsEntry("locus_sip_request_duration_seconds_count{method=\"REGISTER\"}", 4.0)
                .containsEntry("locus_sip_request_duration_seconds_bucket{method=\"REGISTER\",le=\"+Inf\"}", 4.0)
                .containsKey("locus_dmq_request_duration_seconds_bucket{le=\"+Inf\"}");
        List<String> registerBuckets = m.keySet().stream()
                .filter(k -> k.startsWith("locus_sip_request_duration_seconds_bucket{method=\"REGISTER\""))
                .toList();
        assertThat(registerBuckets).hasSizeGreaterThan(10);
        assertThat(m.get("locus_sip_request_duration_seconds_sum{method=\"REGISTER\"}")).isPositive();
        assertThat(m.get("locus_rpc_duration_seconds_count{method=\"core.version\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("locus_rpc_duration_seconds_bucket{method=\"core.version\",le="));
    }

    @Test
    void readyNodeAnswers200AndOneBelowItsQuorum503SayingWhy() throws Exception {
        HttpResponse<String> live = get(node, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(node, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("not_ready")).isEmpty();
        assertThat(body.at("/checks/sip/ok").asBoolean()).isTrue();
        assertThat(body.at("/checks/cluster/detail").asText()).isEqualTo("1 member(s), quorum 1");

        assertThat(get(lonely, "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get(lonely, "/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode why = JSON.readTree(notReady.body());
        assertThat(why.get("status").asText()).isEqualTo("DOWN");
        assertThat(why.get("not_ready").toString()).isEqualTo("[\"cluster\"]");
        assertThat(why.at("/checks/cluster/detail").asText()).isEqualTo("1 member(s), quorum 2");
    }

    @Test
    void aScrapeSecretIsRequiredWhereSetAndTheRpcSecretIsNotUsed() throws Exception {
        assertThat(get(lonely, "/metrics").statusCode()).isEqualTo(401);
        assertThat(get(lonely, "/metrics", "Authorization", "Bearer wrong-secret-0123456789").statusCode())
                .isEqualTo(401);
        assertThat(scrape(lonely, "Authorization", "Bearer " + SECRET)).containsKey("locus_hazelcast_member_running");
        assertThat(get(lonely, "/health/ready").statusCode()).as("health needs no secret").isEqualTo(503);
        assertThat(get(node, "/metrics", "Authorization", "Bearer " + SECRET).statusCode()).isEqualTo(200);
        assertThat(get(node, "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void fetchResetAndClearHaveKamailiosParametersAndShapes() throws Exception {
        // Its own node, so that resets do not disturb the other tests' counts.
        JsonNode fetched = new RpcClient(lonely.rpcAddress()).result("stats.fetch", "registrar:", "usrloc.location_users",
                "core:rcv_requests", "nosuch");
        assertThat(fetched.get("registrar.default_expire").asText()).isEqualTo("3600");
        assertThat(fetched.get("registrar.default_expires_range").isTextual()).isTrue();
        assertThat(fetched.has("usrloc.location_users")).isTrue();
        assertThat(fetched.has("core.rcv_requests")).isTrue();
        assertThat(fetched.size()).as("registrar: 7, and 2 named").isEqualTo(9);
        JsonNode numbers = new RpcClient(lonely.rpcAddress()).result("stats.fetchn", "usrloc:");
        assertThat(numbers.get("usrloc.location_contacts").isNumber()).isTrue();

        RpcClient client = new RpcClient(lonely.rpcAddress());
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.169", new InetSocketAddress(LONELY, 5060))) {
            ua.request(Register.of("reset", "example.com").contact("<sip:reset@192.0.2.1:5060>").expires(600).to(ua));
            ua.request(Register.of("reset2", "example.com").contact("<sip:reset2@192.0.2.1:5060>").expires(600).to(ua));
        }
        assertThat(client.result("stats.clear_statistics", "accepted_regs").asText())
                .isEqualTo("registrar:accepted_regs = 0 (2)");
        assertThat(client.result("stats.get_statistics", "accepted_regs").get(0).asText())
                .isEqualTo("registrar:accepted_regs = 0");
        assertThat(scrape(lonely, "Authorization", "Bearer " + SECRET))
                .as("Prometheus counters never go down").containsEntry("locus_registrar_accepted_regs_total", 2.0);
        assertThat(client.result("stats.reset_statistics", "usrloc:").toString()).isEqualTo("{}");
        // usrloc's figures are read at most once a second: the fetchn above may have just read them.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.result("stats.get_statistics", "location_contacts").get(0).asText())
                        .as("a figure of now is not reset").isEqualTo("usrloc:location_contacts = 2"));
        JsonNode cleared = client.result("stats.clear_statistics", "registrar:");
        assertThat(cleared.isArray()).isTrue();
        assertThat(cleared.toString()).contains("\"registrar:default_expire = 3600\"", "\"registrar:accepted_regs = 0\"");
        assertThat(client.call("stats.reset_statistics").at("/error/message").asText())
                .isEqualTo("Please provide stats name");
        assertThat(client.call("stats.fetch").at("/error/code").asInt()).isEqualTo(400);
        assertThat(client.result("stats.clear_statistics", "nosuch").toString()).isEqualTo("{}");
    }
}
