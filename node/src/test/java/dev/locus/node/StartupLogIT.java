package dev.locus.node;

import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a real node process writes at start-up: the configuration and the database, secrets masked. */
class StartupLogIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String HOST = "127.0.0.183";

    /** The test database's URL with its password in it twice: as user:password@ and as a password= parameter. */
    private static String urlCarryingThePassword() {
        String url = DB.url();
        String prefix = "jdbc:mysql://";
        assertThat(url).startsWith(prefix);
        String withUserInfo = prefix + DB.user() + ":" + DB.password() + "@" + url.substring(prefix.length());
        return withUserInfo + (withUserInfo.contains("?") ? "&" : "?") + "password=" + DB.password();
    }

    @Test
    void aNodeWhoseDatabaseUrlCarriesThePasswordNeverLogsIt(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("LOCUS_SIP_LISTEN", "udp:" + HOST + ":5060");
        env.put("LOCUS_RPC_ADDRESS", HOST);
        env.put("LOCUS_RPC_PORT", "15783");
        env.put("LOCUS_CLUSTER_BIND_ADDRESS", HOST);
        env.put("LOCUS_CLUSTER_PORT", "15784");
        env.put("LOCUS_CLUSTER_NAME", "startup-log-it");
        env.put("LOCUS_DB_URL", urlCarryingThePassword());
        env.put("LOCUS_DB_USER", DB.user());
        env.put("LOCUS_DB_PASSWORD", DB.password());
        env.put("LOCUS_DB_MIGRATE_ON_START", "true");
        env.put("LOCUS_UACREG_ENABLED", "false");
        Path log = dir.resolve("node.log");
        try (NodeProcess node = new NodeProcess(env, log).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.isAlive()
                    || (Files.exists(log) && Files.readString(log).contains("serving SIP on")));
            String startup = Files.readString(log);
            assertThat(startup).as("the node started").contains("serving SIP on");
            assertThat(startup).contains("database migrated").contains(":****@");
            assertThat(startup).doesNotContain(DB.password());
        }
    }
}
