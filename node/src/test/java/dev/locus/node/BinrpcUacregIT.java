package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.Kamcmd;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kamcmd's uac.* over binrpc, against a node whose trunks come from a real database's uacreg table. */
class BinrpcUacregIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static final String HOST = "127.0.0.158";
    /** Nobody answers there: the trunk stays unregistered, which is all this test needs. */
    private static final String CARRIER = "sip:127.0.0.159:17303";
    private static final Path DIR = Path.of("/tmp/binrpc-uacreg-" + ProcessHandle.current().pid());
    private static final Path SOCKET = DIR.resolve("kamailio_ctl");

    private static LocusNode node;
    private static Kamcmd kamcmd;

    @BeforeAll
    static void start() throws Exception {
        Kamcmd.require();
        DB.migrate();
        DB.runScript("INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, "
                + "auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket) VALUES "
                + "('t_binrpc', 'alice', 'client.example', 'trunkuser', 'carrier.example', '', 'trunkuser', "
                + "'binrpc-pw', '', '" + CARRIER + "', 600, 0, 0, '', '');");
        Map<String, String> s = TestNodes.settings(HOST, 17302);
        s.put("sip.listen", "udp:" + HOST + ":17301");
        TestNodes.withDatabase(s, DB.url(), DB.user(), DB.password());
        s.put("auth.enabled", "false");
        s.put("uacreg.quorum", "1");
        s.put("uacreg.random_delay_ms", "0");
        s.put("uacreg.retry_interval", "600");
        s.put("uacreg.retry_max", "600");
        s.put("binrpc.listen", "unix:" + SOCKET);
        node = TestNodes.start(s, Clock.systemUTC());
        kamcmd = Kamcmd.at("unix:" + SOCKET);
        // The table is read once the node runs.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(kamcmd.print("uac.reg_dump")).contains("\tl_uuid: t_binrpc\n"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (node != null) {
            node.close();
        }
        assertThat(SOCKET).as("the socket file is removed at stop").doesNotExist();
        Files.deleteIfExists(DIR);
    }

    @Test
    void regDumpPrintsOneBlockPerTrunkWithSecretsMasked() throws Exception {
        String dump = kamcmd.print("uac.reg_dump");
        assertThat(dump).startsWith("{\n\tl_uuid: t_binrpc\n\tl_username: alice\n\tl_domain: client.example\n")
                .contains("\trealm: <null string>\n", "\tauth_password: ****\n", "\tauth_proxy: " + CARRIER + "\n",
                        "\texpires: 600\n", "\tsocket: <null string>\n")
                .endsWith("}\n")
                .doesNotContain("binrpc-pw");
        // kamcmd sends "1" as an INT: the same switch as JSON-RPC's 1 shows the password.
        assertThat(kamcmd.print("uac.reg_dump", "1")).contains("\tauth_password: binrpc-pw\n");
    }

    @Test
    void regInfoFindsOneTrunkAndFaultsAsKamailioDoes() throws Exception {
        assertThat(kamcmd.print("uac.reg_info", "l_uuid", "t_binrpc")).startsWith("{\n\tl_uuid: t_binrpc\n");
        assertThat(kamcmd.print("uac.reg_info", "l_uuid", "nosuch")).isEqualTo("error: 404 - Record not found\n");
        assertThat(kamcmd.print("uac.reg_info", "foo", "bar")).isEqualTo("error: 400 - Unsupported filter attribute\n");
        assertThat(kamcmd.print("uac.reg_info")).isEqualTo("error: 400 - Invalid Parameters\n");
    }
}
