package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.Carrier;
import dev.locus.node.support.DigestClient;
import dev.locus.node.support.Phone;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.SipMessage;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.SipResponse;
import dev.locus.node.support.TcpForwarder;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Trunk registrations from a real uacreg table against the reference carrier (a real Kamailio 5.6 that challenges
 * every REGISTER): each test row ends in its documented state with the carrier's reply shown, the carrier holds
 * exactly one binding per registered row, refreshes come before expiry, and reloads apply as a diff.
 * <p>
 * One node, one carrier and one table serve every test; each test that changes a row has rows of its own (the
 * {@code trunk_*} rows of the first load are only read), and waits for the state it starts from. What is
 * cluster-wide (the statistics over every row, the {@code uac.reg_active} switch) is tested on a node of its own,
 * with a table of its own.
 */
class UacregIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestDatabase STATS_DB = new TestDatabase();
    @RegisterExtension
    static final TestDatabase SWITCH_DB = new TestDatabase();
    private static final String CARRIER = "127.0.0.141";
    private static final String HOST = "127.0.0.142";
    private static final String PROXY = "sip:" + CARRIER + ":5060";
    private static final String DEAD_PROXY = "sip:" + CARRIER + ":5999";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Carrier carrier;
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void start() throws Exception {
        // The table is filled before the node starts, so the first load sees every row.
        String ha1 = ha1("trunkuser5");
        fill(DB,
                row("trunk_ok", "alice", "trunkuser1", "carrier.example", "trunkpw", "", PROXY, 60, 0, 0, "", ""),
                row("trunk_badpw", "bob", "trunkuser2", "carrier.example", "wrongpw", "", PROXY, 60, 0, 0, "", ""),
                row("trunk_badrealm", "carol", "trunkuser3", "other.example", "trunkpw", "", PROXY, 60, 0, 0, "", ""),
                row("trunk_disabled", "dave", "trunkuser4", "carrier.example", "trunkpw", "", PROXY, 60, 1, 0, "", ""),
                row("trunk_ha1", "erin", "trunkuser5", "", "", ha1, PROXY, 60, 0, 1, HOST + ":5060;transport=udp",
                        "udp:" + HOST + ":5060"),
                row("trunk_brief", "frank", "trunkuser6", "carrier.example", "trunkpw", "", PROXY, 10, 0, 0, "", ""),
                row("trunk_noproxy", "gina", "trunkuser7", "carrier.example", "trunkpw", "", "", 60, 0, 0, "", ""),
                row("trunk_dead", "zoe", "trunkuser9", "carrier.example", "trunkpw", "", DEAD_PROXY, 60, 0, 0, "", ""),
                // The rows of the tests that change rows: 600 s, so that no refresh runs while a test looks.
                row("unreg_ha1", "ulla", "trunkuser11", "", "", ha1("trunkuser11"), PROXY, 600, 0, 0,
                        HOST + ":5060;transport=udp", "udp:" + HOST + ":5060"),
                row("onoff", "otto", "trunkuser12", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("refresh_realm", "rita", "trunkuser13", "other.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("register_now", "nora", "trunkuser14", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("diff_fixed", "dana", "trunkuser15", "carrier.example", "wrongpw", "", PROXY, 600, 0, 0, "", ""),
                row("diff_unreg", "dirk", "trunkuser16", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("diff_gone", "doro", "trunkuser17", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("diff_same", "dean", "trunkuser18", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("db_gone", "gus", "trunkuser20", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("typo_ok", "tara", "trunkuser21", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""));
        fill(STATS_DB,
                row("stats_ok", "sam", "statsuser1", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", ""),
                row("stats_disabled", "sid", "statsuser2", "carrier.example", "trunkpw", "", PROXY, 600, 1, 0, "", ""),
                row("stats_dead", "sue", "statsuser3", "carrier.example", "trunkpw", "", DEAD_PROXY, 600, 0, 0, "", ""),
                row("stats_noproxy", "sal", "statsuser4", "carrier.example", "trunkpw", "", "", 600, 0, 0, "", ""));
        fill(SWITCH_DB,
                row("switch_dead", "zed", "switchuser1", "carrier.example", "trunkpw", "", DEAD_PROXY, 600, 0, 0, "", ""));
        carrier = new Carrier(CARRIER, dir, Carrier.kamailioDbUrl(DB.url(), DB.user(), DB.password())).start();
        node = TestNodes.start(settings(HOST, 15742, DB), InstantSource.system());
        rpc = new RpcClient(node.rpcAddress());
        int rows = tableUuids().size();
        await().atMost(WAIT).until(() -> rpc.result("uac.reg_dump").size() == rows);
    }

    private static Map<String, String> settings(String host, int clusterPort, TestDatabase db) {
        Map<String, String> settings = TestNodes.settings(host, clusterPort);
        TestNodes.withDatabase(settings, db.url(), db.user(), db.password());
        settings.put("db.migrate_on_start", "true");
        settings.put("auth.enabled", "false");
        settings.put("uacreg.timeout", "3");
        settings.put("uacreg.retry_interval", "600");
        settings.put("uacreg.retry_max", "600");
        settings.put("uacreg.random_delay_ms", "0");
        settings.put("uacreg.db_retry", "1");
        return settings;
    }

    private static void fill(TestDatabase db, String... rows) throws Exception {
        db.migrate();
        db.runScript(String.join("\n", rows));
    }

    private static String ha1(String user) {
        return DigestClient.hex("MD5", user + ":carrier.example:trunkpw").toUpperCase(Locale.ROOT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (carrier != null) {
            carrier.close();
        }
    }

    private static String row(String uuid, String user, String rUser, String realm, String password, String ha1,
                              String proxy, int expires, int flags, int delay, String contact, String socket) {
        return ("INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, "
                + "auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket) VALUES "
                + "('%s', '%s', 'client.example', '%s', 'carrier.example', '%s', '%s', '%s', '%s', '%s', %d, %d, %d, '%s', '%s');")
                .formatted(uuid, user, rUser, realm, rUser, password, ha1, proxy, expires, flags, delay, contact, socket);
    }

    /** The l_uuid of every row in the uacreg table now. */
    private static List<String> tableUuids() throws Exception {
        List<String> uuids = new ArrayList<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT l_uuid FROM uacreg")) {
            while (r.next()) {
                uuids.add(r.getString(1));
            }
        }
        return uuids;
    }

    private static Map<String, JsonNode> dump() throws Exception {
        Map<String, JsonNode> byUuid = new HashMap<>();
        rpc.result("uac.reg_dump").forEach(r -> byUuid.put(r.get("l_uuid").asText(), r));
        return byUuid;
    }

    private static JsonNode info(String uuid) throws Exception {
        return rpc.result("uac.reg_info", "l_uuid", uuid);
    }

    /** Waits until the row is in the state; returns its record then. */
    private static JsonNode awaitState(String uuid, String state) {
        return await().atMost(WAIT).until(() -> info(uuid), r -> r.get("state").asText().equals(state));
    }

    /** The CSeq of the carrier's binding for a user: it grows with every REGISTER the carrier accepts. */
    private static long carrierCseq(String user) throws Exception {
        JsonNode contact = carrier.rpc("ul.lookup", "location", user).at("/result/Contacts/0/Contact");
        assertThat(contact.isMissingNode()).as("binding of " + user + " at the carrier").isFalse();
        return contact.get("CSeq").asLong();
    }

    @Test
    void eachRowEndsInItsDocumentedStateWithTheCarriersReply() {
        // Refreshes of trunk_ok and trunk_brief pass through other states for a moment: a snapshot taken then is
        // looked at again.
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> dumped = new ArrayList<>();
            rpc.result("uac.reg_dump").forEach(r -> dumped.add(r.get("l_uuid").asText()));
            assertThat(dumped).as("every row of the table, once").containsExactlyInAnyOrderElementsOf(tableUuids());
            Map<String, JsonNode> d = dump();
            assertThat(d).containsKeys("trunk_ok", "trunk_badpw", "trunk_badrealm", "trunk_disabled",
                    "trunk_ha1", "trunk_brief", "trunk_noproxy", "trunk_dead");
            assertThat(d.get("trunk_ok").get("state").asText()).isEqualTo("registered");
            assertThat(d.get("trunk_ha1").get("state").asText()).isEqualTo("registered");
            assertThat(d.get("trunk_brief").get("state").asText()).isEqualTo("registered");
            assertThat(d.get("trunk_badpw").get("state").asText()).isEqualTo("failed");
            assertThat(d.get("trunk_badrealm").get("state").asText()).isEqualTo("failed");
            assertThat(d.get("trunk_dead").get("state").asText()).isEqualTo("failed");

            JsonNode ok = d.get("trunk_ok");
            assertThat(ok.get("flags").asInt()).isEqualTo(20);
            assertThat(ok.get("last_code").asInt()).isEqualTo(200);
            assertThat(ok.get("expires").asInt()).isEqualTo(60);
            assertThat(ok.get("diff_expires").asLong()).as("seconds left of the 60 granted").isBetween(1L, 60L);
            assertThat(ok.get("owner_node").asText()).isEqualTo(node.name());
            assertThat(ok.get("contact_addr").asText()).isEqualTo(HOST + ":5060");
            assertThat(ok.get("socket").isNull()).isTrue();
            assertThat(ok.get("auth_password").asText()).isEqualTo("****");
            assertThat(ok.get("auth_ha1").asText()).isEqualTo("none");

            assertThat(d.get("trunk_badpw").get("last_code").asInt()).isEqualTo(401);
            assertThat(d.get("trunk_badpw").get("last_reason").asText()).isEqualTo("authentication failed for trunk_badpw");
            assertThat(d.get("trunk_badpw").get("failures").asInt()).isEqualTo(1);
            assertThat(d.get("trunk_badpw").get("next_attempt").asLong()).isGreaterThan(ok.get("timer_expires").asLong());
            assertThat(d.get("trunk_badpw").get("flags").asInt()).isEqualTo(16);
            assertThat(d.get("trunk_badrealm").get("last_reason").asText())
                    .isEqualTo("realms do not match. requested realm: [carrier.example]");
            assertThat(d.get("trunk_dead").get("last_code").asInt()).isEqualTo(408);
            assertThat(d.get("trunk_disabled").get("state").asText()).isEqualTo("disabled");
            assertThat(d.get("trunk_disabled").get("flags").asInt()).isEqualTo(1);
            assertThat(d.get("trunk_brief").get("expires").asInt()).as("raised by 423 Min-Expires").isEqualTo(20);
            assertThat(d.get("trunk_noproxy").get("state").asText()).isEqualTo("invalid");
            assertThat(d.get("trunk_noproxy").get("last_reason").asText())
                    .isEqualTo("empty value not allowed for column 'auth_proxy'");
            assertThat(d.get("trunk_noproxy").get("auth_proxy").asText()).isEqualTo("none");
            JsonNode ha1 = d.get("trunk_ha1");
            assertThat(ha1.get("realm").isNull()).isTrue();
            assertThat(ha1.get("socket").asText()).isEqualTo("udp:" + HOST + ":5060");

            assertThat(carrier.contacts("trunkuser1")).containsExactly("sip:trunk_ok@" + HOST + ":5060");
            assertThat(carrier.contacts("trunkuser5")).containsExactly("sip:trunk_ha1@" + HOST + ":5060;transport=udp");
            assertThat(carrier.contacts("trunkuser6")).containsExactly("sip:trunk_brief@" + HOST + ":5060");
            for (String never : List.of("trunkuser2", "trunkuser3", "trunkuser4", "trunkuser7", "trunkuser9")) {
                assertThat(carrier.contacts(never)).as(never).isEmpty();
            }
        });
    }

    @Test
    void secretsAreShownOnlyWhenAskedFor() throws Exception {
        assertThat(rpc.result("uac.reg_info", "l_uuid", "trunk_ok", 1).get("auth_password").asText()).isEqualTo("trunkpw");
        assertThat(rpc.result("uac.reg_info", "l_uuid", "trunk_ok").get("auth_password").asText()).isEqualTo("****");
        assertThat(rpc.result("uac.reg_info", "l_username", "erin").get("auth_ha1").asText()).isEqualTo("****");
        assertThat(rpc.result("uac.reg_info", "l_username", "erin", 1).get("auth_ha1").asText())
                .isEqualTo(DigestClient.hex("MD5", "trunkuser5:carrier.example:trunkpw"));
        assertThat(rpc.result("uac.reg_dump").toString()).doesNotContain("trunkpw", "wrongpw");
    }

    @Test
    void aRegistrationIsRefreshedBeforeItExpires() throws Exception {
        long firstExpiry = awaitState("trunk_brief", "registered").get("timer_expires").asLong();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(info("trunk_brief").get("timer_expires").asLong()).isGreaterThan(firstExpiry));
        JsonNode refreshed = info("trunk_brief");
        long refreshSentAt = refreshed.get("timer_expires").asLong() - refreshed.get("expires").asLong();
        assertThat(refreshSentAt).isLessThan(firstExpiry);
        assertThat(refreshed.get("state").asText()).isEqualTo("registered");
        assertThat(carrier.contacts("trunkuser6")).containsExactly("sip:trunk_brief@" + HOST + ":5060");
    }

    @Test
    void filtersAndErrorsAreKamailios() throws Exception {
        awaitState("typo_ok", "registered");
        assertThat(rpc.result("uac.reg_info", "r_username", "trunkuser1").get("l_uuid").asText()).isEqualTo("trunk_ok");
        assertThat(rpc.result("uac.reg_info", "auth_username", "trunkuser2").get("l_uuid").asText()).isEqualTo("trunk_badpw");
        assertThat(rpc.call("uac.reg_info", "l_uuid", "nosuch").get("error").get("code").asInt()).isEqualTo(404);
        assertThat(rpc.call("uac.reg_info", "l_uuid", "nosuch").get("error").get("message").asText()).isEqualTo("Record not found");
        assertThat(rpc.call("uac.reg_info", "l_domain", "client.example").get("error").get("message").asText())
                .isEqualTo("Unsupported filter attribute");
        assertThat(rpc.call("uac.reg_info").get("error").get("code").asInt()).isEqualTo(400);
        assertThat(rpc.call("uac.reg_info", "l_uuid", 12345).get("error").get("code").asInt()).isEqualTo(404);
        assertThat(rpc.call("uac.reg_remove", "nosuch").get("error").get("code").asInt()).isEqualTo(404);
        assertThat(rpc.call("uac.reg_active").get("error").get("message").asText()).isEqualTo("Missing parameter");
        assertThat(rpc.call("uac.reg_active", "on").get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(info("typo_ok").get("state").asText()).as("a typo switches nothing off").isEqualTo("registered");
    }

    @Test
    void aCallFromTheCarrierToATrunkIsMappedToItsLocalUser() throws Exception {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(carrier.contacts("trunkuser1")).containsExactly("sip:trunk_ok@" + HOST + ":5060"));
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(CARRIER, 5060))) {
            // Through the carrier: its lookup turns the trunk's AoR into our Contact, sip:trunk_ok@HOST.
            SipResponse viaCarrier = ua.request(options(ua, "sip:trunkuser1@carrier.example", "o1"));
            assertThat(viaCarrier.status()).isEqualTo(200);
        }
        try (SipClient ua = new SipClient(Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060))) {
            SipResponse invite = ua.request("""
                    INVITE sip:trunk_ok@%s:5060 SIP/2.0\r
                    Via: %s\r
                    From: <sip:caller@carrier.example>;tag=i1\r
                    To: <sip:trunk_ok@%s>\r
                    Call-ID: invite-trunk-1\r
                    CSeq: 1 INVITE\r
                    Contact: <sip:caller@127.0.0.1:%d>\r
                    Max-Forwards: 70\r
                    Content-Length: 0\r
                    \r
                    """.formatted(HOST, ua.via("i1"), HOST, ua.localPort()));
            // Mapped to alice@client.example (l_username@l_domain), who has no binding yet: the location service's 404.
            assertThat(invite.status()).isEqualTo(404);
        }
        try (Phone alice = new Phone(Phone.Transport.UDP, "127.0.0.1", new InetSocketAddress(HOST, 5060));
             Phone caller = new Phone(Phone.Transport.UDP, "127.0.0.1", new InetSocketAddress(CARRIER, 5060))) {
            alice.register("alice", "client.example", "");
            // The carrier's lookup + t_relay sends it to our Contact (sip:trunk_ok@HOST); we deliver it to alice.
            String callId = caller.call("INVITE", "sip:trunkuser1@carrier.example", "caller@carrier.example", "");
            SipMessage invite = alice.awaitRequest("INVITE");
            assertThat(invite.requestUri()).isEqualTo(alice.contact("alice"));
            assertThat(invite.all("via")).hasSize(3);
            alice.reply(invite, 200, "OK");
            assertThat(caller.awaitResponse(callId, s -> s >= 200).status()).isEqualTo(200);
        }
    }

    private static String options(SipClient ua, String uri, String branch) {
        return """
                OPTIONS %s SIP/2.0\r
                Via: %s\r
                From: <sip:probe@127.0.0.1>;tag=%s\r
                To: <%s>\r
                Call-ID: options-%s\r
                CSeq: 1 OPTIONS\r
                Max-Forwards: 70\r
                Content-Length: 0\r
                \r
                """.formatted(uri, ua.via(branch), branch, uri, branch);
    }

    @Test
    void unregisterRemovesTheBindingAndKeepsTheRowQuiet() throws Exception {
        awaitState("unreg_ha1", "registered");
        assertThat(carrier.contacts("trunkuser11")).containsExactly("sip:unreg_ha1@" + HOST + ":5060;transport=udp");
        assertThat(rpc.result("uac.reg_unregister", "l_uuid", "unreg_ha1").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(carrier.contacts("trunkuser11")).isEmpty();
            assertThat(info("unreg_ha1").get("state").asText()).isEqualTo("unregistered");
        });
        assertThat(info("unreg_ha1").get("expires").asInt()).isZero();
    }

    @Test
    void aDisabledTrunkKeepsItsBindingAndRegistersAgainWhenEnabled() throws Exception {
        awaitState("onoff", "registered");
        assertThat(rpc.result("uac.reg_disable", "l_uuid", "onoff").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(info("onoff").get("flags").asInt()).isEqualTo(21));
        assertThat(carrier.contacts("trunkuser12")).as("disable keeps the binding, as Kamailio").hasSize(1);
        long before = info("onoff").get("timer_expires").asLong();
        assertThat(rpc.result("uac.reg_enable", "l_uuid", "onoff").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode onoff = info("onoff");
            assertThat(onoff.get("flags").asInt()).isEqualTo(20);
            assertThat(onoff.get("timer_expires").asLong()).isGreaterThanOrEqualTo(before);
        });
    }

    @Test
    void refreshReloadsOneRowFromTheTable() throws Exception {
        awaitState("refresh_realm", "failed");
        DB.runScript("UPDATE uacreg SET realm = 'carrier.example' WHERE l_uuid = 'refresh_realm';");
        assertThat(rpc.result("uac.reg_refresh", "refresh_realm").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(info("refresh_realm").get("state").asText()).isEqualTo("registered"));
        assertThat(carrier.contacts("trunkuser13")).containsExactly("sip:refresh_realm@" + HOST + ":5060");
        assertThat(rpc.call("uac.reg_refresh", "nosuch").get("error").get("message").asText()).isEqualTo("Record not found");
    }

    @Test
    void registerSendsARegisterNow() throws Exception {
        long before = awaitState("register_now", "registered").get("timer_expires").asLong();
        long cseqBefore = carrierCseq("trunkuser14");
        assertThat(rpc.result("uac.reg_register", "l_uuid", "register_now").isEmpty()).isTrue();
        // Nothing else sends for this row meanwhile (its refresh is minutes away): a REGISTER the carrier
        // accepted now is the one asked for.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(carrierCseq("trunkuser14")).isGreaterThan(cseqBefore);
            JsonNode now = info("register_now");
            assertThat(now.get("state").asText()).isEqualTo("registered");
            assertThat(now.get("timer_expires").asLong()).isGreaterThanOrEqualTo(before);
        });
    }

    @Test
    void aReloadAppliesTheTableAsADiff() throws Exception {
        // From a loaded set equal to the table (another test may have left a row changed in memory only).
        rpc.result("uac.reg_reload");
        awaitState("diff_fixed", "failed");
        awaitState("diff_gone", "registered");
        awaitState("diff_same", "registered");
        awaitState("diff_unreg", "registered");
        assertThat(rpc.result("uac.reg_unregister", "l_uuid", "diff_unreg").isEmpty()).isTrue();
        awaitState("diff_unreg", "unregistered");
        JsonNode same = info("diff_same");
        long sameInit = same.get("reg_init").asLong();
        long sameTimer = same.get("timer_expires").asLong();
        DB.runScript(String.join("\n",
                "UPDATE uacreg SET auth_password = 'trunkpw' WHERE l_uuid = 'diff_fixed';",
                "DELETE FROM uacreg WHERE l_uuid = 'diff_gone';",
                row("diff_new", "henry", "trunkuser8", "carrier.example", "trunkpw", "", PROXY, 600, 0, 0, "", "")));
        JsonNode result = rpc.result("uac.reg_reload");
        assertThat(result.get("added").asInt()).isEqualTo(1);
        assertThat(result.get("changed").asInt()).as("password fixed; unregistered back to its table expires").isEqualTo(2);
        assertThat(result.get("removed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, JsonNode> d = dump();
            assertThat(d).doesNotContainKey("diff_gone");
            assertThat(d.get("diff_new").get("state").asText()).isEqualTo("registered");
            assertThat(d.get("diff_fixed").get("state").asText()).isEqualTo("registered");
            assertThat(d.get("diff_unreg").get("state").asText()).isEqualTo("registered");
            assertThat(carrier.contacts("trunkuser17")).as("removed row un-registered").isEmpty();
            assertThat(carrier.contacts("trunkuser8")).containsExactly("sip:diff_new@" + HOST + ":5060");
            assertThat(carrier.contacts("trunkuser15")).containsExactly("sip:diff_fixed@" + HOST + ":5060");
        });
        JsonNode unchanged = info("diff_same");
        assertThat(unchanged.get("reg_init").asLong()).as("an unchanged row keeps its registration").isEqualTo(sameInit);
        assertThat(unchanged.get("timer_expires").asLong()).isEqualTo(sameTimer);
        assertThat(carrier.contacts("trunkuser18")).hasSize(1);
    }

    @Test
    void concurrentReloadsAreSafeAndChangeNothingTwice() throws Exception {
        // From a loaded set equal to the table (another test may have left a row changed in memory only).
        rpc.result("uac.reg_reload");
        Map<String, JsonNode> before = dump();
        List<java.util.concurrent.CompletableFuture<JsonNode>> reloads = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reloads.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return rpc.call("uac.reg_reload");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var reload : reloads) {
            JsonNode r = reload.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.has("result")).as(r.toString()).isTrue();
            assertThat(r.at("/result/unchanged").asInt()).isEqualTo(before.size());
            assertThat(r.at("/result/added").asInt() + r.at("/result/changed").asInt() + r.at("/result/removed").asInt()).isZero();
        }
        Map<String, JsonNode> after = dump();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String uuid : before.keySet()) {
            assertThat(after.get(uuid).get("reg_init")).as(uuid).isEqualTo(before.get(uuid).get("reg_init"));
        }
    }

    @Test
    void aReloadWithTheDatabaseGoneKeepsTheCurrentSet() throws Exception {
        awaitState("db_gone", "registered");
        int before = dump().size();
        DB.runScript("RENAME TABLE uacreg TO uacreg_away;");
        try {
            JsonNode error = rpc.call("uac.reg_reload").get("error");
            assertThat(error.get("code").asInt()).isEqualTo(500);
            assertThat(error.get("message").asText()).isEqualTo("Failed to reload records - check log messages");
            assertThat(dump()).hasSize(before);
            assertThat(info("db_gone").get("state").asText()).isEqualTo("registered");
        } finally {
            DB.runScript("RENAME TABLE uacreg_away TO uacreg;");
        }
    }

    @Test
    void aRowAddedOverRpcIsRegisteredAndOneRemovedIsUnregistered() throws Exception {
        assertThat(rpc.result("uac.reg_add", "trunk_rpc", "ivan", "client.example", "trunkuser10", "carrier.example",
                "carrier.example", "trunkuser10", "trunkpw", ".", PROXY, 60, 0, 0, "", ".").isEmpty()).isTrue();
        assertThat(rpc.call("uac.reg_add", "trunk_rpc", "ivan", "client.example", "trunkuser10", "carrier.example",
                "carrier.example", "trunkuser10", "trunkpw", ".", PROXY, 60, 0, 0, "", ".").get("error").get("code").asInt())
                .isEqualTo(409);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(carrier.contacts("trunkuser10")).containsExactly("sip:trunk_rpc@" + HOST + ":5060"));
        assertThat(rpc.result("uac.reg_remove", "trunk_rpc").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(carrier.contacts("trunkuser10")).isEmpty());
    }

    @Test
    void statisticsCountTheRowsOfTheClusterByState() throws Exception {
        // A cluster and a table of their own: the counts cover every row, whatever the other tests add.
        try (LocusNode own = TestNodes.start(settings("127.0.0.146", 15746, STATS_DB), InstantSource.system())) {
            RpcClient ownRpc = new RpcClient(own.rpcAddress());
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = ownRpc.result("stats.get_statistics", "uac:");
                assertThat(stats.toString()).contains("uac:regtotal = 4", "uac:regactive = 1", "uac:regdisabled = 1",
                        "uac:regfailed = 1");
            });
        }
    }

    @Test
    void regActiveSwitchesEveryTrunkOffAndOnAgain() throws Exception {
        // The switch is cluster-wide: a cluster of its own, so that no other test's rows are switched.
        try (LocusNode own = TestNodes.start(settings("127.0.0.147", 15747, SWITCH_DB), InstantSource.system())) {
            RpcClient ownRpc = new RpcClient(own.rpcAddress());
            await().atMost(WAIT).until(() -> ownRpc.result("uac.reg_info", "l_uuid", "switch_dead"),
                    r -> r.get("state").asText().equals("failed"));
            JsonNode active = ownRpc.result("uac.reg_active", 0);
            assertThat(active.get("omode").asInt()).isEqualTo(1);
            assertThat(active.get("nmode").asInt()).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(ownRpc.result("uac.reg_info", "l_uuid", "switch_dead").get("state").asText())
                            .isEqualTo("inactive"));
            assertThat(ownRpc.result("uac.reg_active", 1).get("omode").asInt()).isZero();
        }
    }

    @Test
    void aNodeStartsWithTheDatabaseDownAndLoadsTheTableOnceItAnswers() throws Exception {
        URI jdbc = URI.create(DB.url().substring("jdbc:".length()));
        InetSocketAddress database = new InetSocketAddress(jdbc.getHost(), jdbc.getPort() > 0 ? jdbc.getPort() : 3306);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, String> settings = TestNodes.withDatabase(TestNodes.settings("127.0.0.143", 15743),
                "jdbc:mysql://127.0.0.1:" + port + jdbc.getRawPath() + (jdbc.getRawQuery() == null ? "" : "?" + jdbc.getRawQuery()),
                DB.user(), DB.password());
        settings.put("auth.enabled", "false");
        settings.put("uacreg.db_retry", "1");
        int rows = tableUuids().size();
        // Nothing listens on the port yet: the database is down when the node starts.
        try (LocusNode late = TestNodes.start(settings, InstantSource.system());
             TcpForwarder forwarder = new TcpForwarder(new InetSocketAddress("127.0.0.1", port), database)) {
            RpcClient lateRpc = new RpcClient(late.rpcAddress());
            // Nothing of this second, separate cluster may reach the carrier.
            lateRpc.result("uac.reg_active", 0);
            assertThat(lateRpc.result("uac.reg_dump")).isEmpty();
            forwarder.open();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(lateRpc.result("uac.reg_dump")).hasSize(rows));
        }
    }
}
