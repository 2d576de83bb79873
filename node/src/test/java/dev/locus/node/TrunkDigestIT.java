package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SHA-256 digest on the wire, which Kamailio 5.6's carrier cannot offer: a Locus node whose registrar challenges
 * with SHA-256 only plays the carrier for another node's trunks. A trunk with the right password ends up
 * registered in the carrier node's location service; one with a wrong password fails with its 403.
 */
class TrunkDigestIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String HOST = "127.0.0.144";
    private static final String CARRIER = "127.0.0.145";
    private static LocusNode node;
    private static LocusNode carrier;
    private static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> carrierSettings = TestNodes.withDatabase(TestNodes.settings(CARRIER, 15745), DB.url(),
                DB.user(), DB.password());
        carrierSettings.put("db.migrate_on_start", "true");
        carrierSettings.put("auth.algorithms", "SHA-256");
        carrierSettings.put("auth.secret", "trunk-digest-it-secret");
        carrierSettings.put("uacreg.enabled", "false");
        carrier = TestNodes.start(carrierSettings, InstantSource.system());
        Map<String, String> settings = TestNodes.withDatabase(TestNodes.settings(HOST, 15744), DB.url(), DB.user(),
                DB.password());
        settings.put("auth.enabled", "false");
        settings.put("uacreg.random_delay_ms", "0");
        settings.put("uacreg.retry_interval", "600");
        settings.put("uacreg.retry_max", "600");
        node = TestNodes.start(settings, InstantSource.system());
        rpc = new RpcClient(node.rpcAddress());
        DB.runScript("""
                INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES ('pbx1', 'locus.example', 'pbx1-pw', '', '');
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
                  VALUES ('sha_ok', 'alice', 'client.example', 'pbx1', 'locus.example', 'locus.example', 'pbx1', 'pbx1-pw', '', 'sip:%2$s:5060', 60, 0, 0, '', '');
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
                  VALUES ('sha_bad', 'bob', 'client.example', 'pbx1', 'locus.example', '', 'pbx1', 'wrong-pw', '', 'sip:%2$s:5060', 60, 0, 0, '', '');
                """.formatted(HOST, CARRIER));
        rpc.result("uac.reg_reload");
    }

    @AfterAll
    static void stop() {
        for (LocusNode n : new LocusNode[]{node, carrier}) {
            if (n != null) {
                n.close();
            }
        }
    }

    @Test
    void aSha256ChallengeIsAnsweredAndAWrongPasswordIsRefused() throws Exception {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode ok = rpc.result("uac.reg_info", "l_uuid", "sha_ok");
            assertThat(ok.get("state").asText()).as(ok.toString()).isEqualTo("registered");
            JsonNode bad = rpc.result("uac.reg_info", "l_uuid", "sha_bad");
            assertThat(bad.get("state").asText()).isEqualTo("failed");
            assertThat(bad.get("last_code").asInt()).isEqualTo(403);
        });
        assertThat(new RpcClient(carrier.rpcAddress()).lookupContacts("pbx1")).containsExactly("sip:sha_ok@" + HOST + ":5060");
    }
}
