package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.TcpForwarder;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * /health/ready's database and DMQ checks against real failures: the database behind a TCP forwarder the test cuts
 * (503 naming {@code database}, 200 again once it is back), and a DMQ node whose discovery name lists a peer that
 * is not there yet (503 naming {@code dmq} until the peer starts).
 */
class HealthIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HttpResponse<String> ready(LocusNode node) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + node.rpcAddress().getHostString() + ":"
                + node.rpcAddress().getPort() + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aDatabaseThatStopsAnsweringMakesTheNodeNotReadyUntilItIsBack() throws Exception {
        String host = "127.0.0.176";
        URI jdbc = URI.create(DB.url().substring("jdbc:".length()));
        InetSocketAddress database = new InetSocketAddress(jdbc.getHost(), jdbc.getPort() > 0 ? jdbc.getPort() : 3306);
        InetSocketAddress forwarded;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            forwarded = new InetSocketAddress(host, free.getLocalPort());
        }
        Map<String, String> settings = TestNodes.withDatabase(TestNodes.settings(host, 17405),
                "jdbc:mysql://" + host + ":" + forwarded.getPort() + jdbc.getRawPath()
                        + (jdbc.getRawQuery() == null ? "" : "?" + jdbc.getRawQuery()), DB.user(), DB.password());
        settings.put("db.migrate_on_start", "true");
        TcpForwarder forwarder = new TcpForwarder(forwarded, database).open();
        try (LocusNode node = TestNodes.start(settings, Clock.systemUTC())) {
            HttpResponse<String> up = ready(node);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(body(up).at("/checks/database/detail").asText()).isEqualTo("reachable");

            forwarder.close();
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> down = ready(node);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(body(down).get("not_ready").toString()).isEqualTo("[\"database\"]");
            });

            forwarder = new TcpForwarder(forwarded, database).open();
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> again = ready(node);
                assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            });
        } finally {
            forwarder.close();
        }
    }

    @Test
    void aDmqNodeIsReadyOnceItKnowsAPeerItsDiscoveryNameLists() throws Exception {
        String first = "127.0.0.177";
        String second = "127.0.0.178";
        Map<String, String> a = TestNodes.settings(first, 17406);
        a.put("cluster.name", "health-it-dmq");
        a.put("dmq.listen", "udp:" + first + ":5090");
        a.put("dmq.notification_address", "sip:" + second + ":5090");
        a.put("dmq.ping_interval", "1");
        try (LocusNode lonely = TestNodes.start(a, Clock.systemUTC())) {
            HttpResponse<String> waiting = ready(lonely);
            assertThat(waiting.statusCode()).isEqualTo(503);
            JsonNode why = body(waiting);
            assertThat(why.at("/checks/dmq/ok").asBoolean()).as(waiting.body()).isFalse();
            assertThat(why.at("/checks/dmq/detail").asText()).isEqualTo("0 active peer(s), 1 other(s) in the discovery name");

            Map<String, String> b = TestNodes.settings(second, 17406);
            b.put("cluster.name", "health-it-dmq");
            b.put("dmq.listen", "udp:" + second + ":5090");
            b.put("dmq.notification_address", "sip:" + first + ":5090");
            b.put("dmq.ping_interval", "1");
            try (LocusNode peer = TestNodes.start(b, Clock.systemUTC())) {
                await().atMost(WAIT).untilAsserted(() -> {
                    HttpResponse<String> now = ready(lonely);
                    assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
                    assertThat(body(now).at("/checks/dmq/ok").asBoolean()).isTrue();
                });
                await().atMost(WAIT).untilAsserted(() -> assertThat(ready(peer).statusCode()).isEqualTo(200));
            }
        }
    }
}
