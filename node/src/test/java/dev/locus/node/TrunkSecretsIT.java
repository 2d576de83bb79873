package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.Carrier;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import dev.locus.registrar.Registrar;
import dev.locus.uacreg.Uacreg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trunk secrets stay out of the cluster's maps. The test joins the cluster the way an attacker on the private
 * network could: as a Hazelcast member (a lite one, so it takes no partitions) with the cluster's name and the
 * serializers of the Locus jar, and reads every entry of every map; no key or value holds a trunk password or HA1.
 * Meanwhile the trunks register with digest at the reference carrier (a real Kamailio 5.6), a password fixed in the
 * database is used after {@code uac.reg_reload}, and {@code uac.reg_dump 1} shows the passwords, read from the
 * database. A row added by {@code uac.reg_add} on a second node is registered by that node, which alone holds its
 * password, and fails with the reason once that node is gone.
 */
class TrunkSecretsIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String CARRIER = "127.0.0.161";
    private static final String A = "127.0.0.162";
    private static final String INTRUDER = "127.0.0.163";
    private static final String B = "127.0.0.164";
    private static final int A_PORT = 16301;
    private static final int INTRUDER_PORT = 16302;
    private static final int B_PORT = 16303;
    private static final String NAME = "trunk-secrets-it";
    private static final String PROXY = "sip:" + CARRIER + ":5060";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The carrier's password, and secrets of rows that never register: none may be in a map. */
    private static final String PASSWORD = "trunkpw";
    private static final String WRONG = "wrong-secret-pw";
    private static final String DISABLED = "never-shared-pw";
    private static final String MALFORMED_HA1 = "NOT-A-VALID-HA1-secret";
    private static final String HA1 = DigestClient.hex("MD5", "secuser2:carrier.example:" + PASSWORD);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Carrier carrier;
    private static LocusNode nodeA;
    private static RpcClient rpcA;
    private static HazelcastInstance intruder;

    @BeforeAll
    static void start() throws Exception {
        DB.migrate();
        DB.runScript(String.join("\n",
                row("sec_pw", "secuser1", PASSWORD, "", 0),
                row("sec_ha1", "secuser2", "", HA1.toUpperCase(Locale.ROOT), 0),
                row("sec_fix", "secuser3", WRONG, "", 0),
                row("sec_off", "secuser4", DISABLED, "", 1),
                row("sec_badha1", "secuser5", "", MALFORMED_HA1, 0)));
        carrier = new Carrier(CARRIER, dir, Carrier.kamailioDbUrl(DB.url(), DB.user(), DB.password())).start();
        nodeA = TestNodes.start(settings(A, A_PORT), InstantSource.system());
        rpcA = new RpcClient(nodeA.rpcAddress());
        intruder = joinAsMember();
    }

    private static String row(String uuid, String user, String password, String ha1, int flags) {
        return ("INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, "
                + "auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket) VALUES "
                + "('%s', '%s', 'client.example', '%s', 'carrier.example', '', '%s', '%s', '%s', '%s', 600, %d, 0, '', '');")
                .formatted(uuid, user, user, user, password, ha1, PROXY, flags);
    }

    private static Map<String, String> settings(String ip, int clusterPort) {
        Map<String, String> s = TestNodes.settings(ip, clusterPort);
        TestNodes.withDatabase(s, DB.url(), DB.user(), DB.password());
        s.put("cluster.name", NAME);
        s.put("cluster.members", A + ":" + A_PORT + "," + B + ":" + B_PORT);
        s.put("auth.enabled", "false");
        s.put("uacreg.quorum", "1");
        s.put("uacreg.random_delay_ms", "0");
        s.put("uacreg.retry_interval", "600");
        s.put("uacreg.retry_max", "600");
        return s;
    }

    /** What an attacker on the private network can do: join with the cluster's name and Locus's serializers. */
    private static HazelcastInstance joinAsMember() {
        Config config = new Config();
        config.setInstanceName("trunk-secrets-intruder");
        config.setClusterName(NAME);
        config.setLiteMember(true);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", INTRUDER);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(INTRUDER_PORT).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(A + ":" + A_PORT);
        Registrar.configure(config, 1, Duration.ofSeconds(300));
        Uacreg.configure(config, 1);
        return Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (intruder != null) {
            intruder.shutdown();
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (carrier != null) {
            carrier.close();
        }
    }

    private static JsonNode info(RpcClient rpc, String uuid, Object... more) throws Exception {
        List<Object> params = new ArrayList<>(List.of("l_uuid", uuid));
        params.addAll(List.of(more));
        return rpc.result("uac.reg_info", params.toArray());
    }

    private static void awaitState(RpcClient rpc, String uuid, String state) {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(info(rpc, uuid).get("state").asText()).as(uuid).isEqualTo(state));
    }

    @Test
    void trunksRegisterWithSecretsNoMapHoldsAndANewPasswordAppliesOnReload() throws Exception {
        awaitState(rpcA, "sec_pw", "registered");
        awaitState(rpcA, "sec_ha1", "registered");
        awaitState(rpcA, "sec_fix", "failed");
        assertThat(info(rpcA, "sec_fix").get("last_reason").asText()).isEqualTo("authentication failed for sec_fix");
        assertThat(info(rpcA, "sec_badha1").get("state").asText()).isEqualTo("invalid");
        assertThat(carrier.contacts("secuser1")).containsExactly("sip:sec_pw@" + A + ":5060");
        assertThat(carrier.contacts("secuser2")).containsExactly("sip:sec_ha1@" + A + ":5060");

        DB.runScript("UPDATE uacreg SET auth_password = '" + PASSWORD + "' WHERE l_uuid = 'sec_fix';");
        JsonNode reload = rpcA.result("uac.reg_reload");
        assertThat(reload.get("changed").asInt()).as("the password's owner found it changed").isEqualTo(1);
        assertThat(reload.get("unchanged").asInt()).isEqualTo(4);
        awaitState(rpcA, "sec_fix", "registered");
        assertThat(carrier.contacts("secuser3")).containsExactly("sip:sec_fix@" + A + ":5060");

        Map<String, JsonNode> shown = new HashMap<>();
        rpcA.result("uac.reg_dump", 1).forEach(r -> shown.put(r.get("l_uuid").asText(), r));
        assertThat(shown.get("sec_pw").get("auth_password").asText()).isEqualTo(PASSWORD);
        assertThat(shown.get("sec_fix").get("auth_password").asText()).isEqualTo(PASSWORD);
        assertThat(shown.get("sec_off").get("auth_password").asText()).isEqualTo(DISABLED);
        assertThat(shown.get("sec_ha1").get("auth_password").asText()).isEqualTo("none");
        assertThat(shown.get("sec_ha1").get("auth_ha1").asText()).isEqualTo(HA1);
        assertThat(info(rpcA, "sec_pw").get("auth_password").asText()).isEqualTo("****");
        assertThat(info(rpcA, "sec_pw", 1).get("auth_password").asText()).isEqualTo(PASSWORD);

        assertNoMapHoldsASecret(PASSWORD, WRONG, DISABLED, MALFORMED_HA1, HA1, HA1.toUpperCase(Locale.ROOT));
    }

    @Test
    void aRowAddedOverRpcIsRegisteredByTheNodeHoldingItsPasswordAndFailsWhenThatNodeLeaves() throws Exception {
        Map<String, String> settingsB = settings(B, B_PORT);
        String heldUuid = "sec_held";
        try (LocusNode nodeB = TestNodes.start(settingsB, InstantSource.system())) {
            RpcClient rpcB = new RpcClient(nodeB.rpcAddress());
            // The table's rows are spread over both nodes now; each owner reads their passwords itself.
            await().atMost(WAIT).untilAsserted(() -> assertThat(rpcA.result("uac.reg_dump").findValuesAsText("owner_node"))
                    .contains(nodeB.name()));
            assertThat(rpcB.result("uac.reg_add", heldUuid, "hank", "client.example", "secuser6", "carrier.example",
                    "carrier.example", "secuser6", PASSWORD, ".", PROXY, 600, 0, 0, "", ".").isEmpty()).isTrue();
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode held = info(rpcA, heldUuid);
                assertThat(held.get("state").asText()).isEqualTo("registered");
                assertThat(held.get("owner_node").asText()).isEqualTo(nodeB.name());
            });
            assertThat(carrier.contacts("secuser6")).containsExactly("sip:" + heldUuid + "@" + B + ":5060");
            assertThat(info(rpcB, heldUuid, 1).get("auth_password").asText()).isEqualTo(PASSWORD);
            assertThat(info(rpcA, heldUuid, 1).get("auth_password").asText())
                    .as("only the node that received it holds it").isEqualTo("****");
            for (String uuid : List.of("sec_pw", "sec_ha1")) {
                awaitState(rpcA, uuid, "registered");
            }
            assertNoMapHoldsASecret(PASSWORD, WRONG, DISABLED, MALFORMED_HA1, HA1, HA1.toUpperCase(Locale.ROOT));
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode held = info(rpcA, heldUuid);
            assertThat(held.get("state").asText()).isEqualTo("failed");
            assertThat(held.get("last_reason").asText()).contains("uac.reg_add on a node that left the cluster");
        });
        // The table's rows are all back on A, registered from there.
        awaitState(rpcA, "sec_pw", "registered");
        assertThat(info(rpcA, "sec_pw").get("owner_node").asText()).isEqualTo(nodeA.name());
    }

    /**
     * Reads every entry of every map of the cluster as the joined member receives it, and looks for each secret in
     * the serialized key and value. The row map must hold the rows (and their non-secret columns, in those same
     * bytes), or the search would prove nothing.
     */
    private static void assertNoMapHoldsASecret(String... secrets) {
        SerializationService serialization = ((SerializationServiceSupport) intruder).getSerializationService();
        int rows = 0;
        boolean sawAuthUsername = false;
        List<String> maps = new ArrayList<>();
        for (DistributedObject object : intruder.getDistributedObjects()) {
            if (!(object instanceof IMap<?, ?> map)) {
                continue;
            }
            maps.add(map.getName());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String bytes = new String(serialization.toData(e.getKey()).toByteArray(), StandardCharsets.ISO_8859_1)
                        + "\n" + new String(serialization.toData(e.getValue()).toByteArray(), StandardCharsets.ISO_8859_1)
                        + "\n" + e.getValue();
                for (String secret : secrets) {
                    assertThat(bytes).as("entry " + e.getKey() + " of " + map.getName()).doesNotContain(secret);
                }
                if (map.getName().equals("uacreg.rows")) {
                    rows++;
                    sawAuthUsername |= bytes.contains("secuser1");
                }
            }
        }
        assertThat(maps).contains("uacreg.rows", "uacreg.status");
        assertThat(rows).as("rows read from uacreg.rows").isGreaterThanOrEqualTo(5);
        assertThat(sawAuthUsername).as("the bytes searched hold the rows' columns").isTrue();
    }
}
