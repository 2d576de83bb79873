package dev.locus.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocusConfigTest {

    @Test
    void defaultsRunAnEmbeddedNodeOnLoopback() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of());
        assertThat(config.rpc().address()).isEqualTo("127.0.0.1");
        assertThat(config.rpc().port()).isEqualTo(5071);
        assertThat(config.sip().listen()).extracting(SocketSpec::toString)
                .containsExactly("udp:127.0.0.1:5060", "tcp:127.0.0.1:5060");
        assertThat(config.registrar().defaultExpires()).isEqualTo(3600);
        assertThat(config.registrar().minExpires()).isEqualTo(60);
        assertThat(config.registrar().maxExpires()).isZero();
        assertThat(config.cluster().members()).isEmpty();
    }

    @Test
    void environmentOverridesTheFileWhichOverridesTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("locus.properties");
        Files.writeString(file, "registrar.min_expires=120\nregistrar.default_expires=600\n");
        LocusConfig config = LocusConfig.load(Optional.of(file),
                Map.of("LOCUS_REGISTRAR_DEFAULT_EXPIRES", "900", "LOCUS_SIP_LISTEN", "udp:[::1]:5070"));
        assertThat(config.registrar().minExpires()).isEqualTo(120);
        assertThat(config.registrar().defaultExpires()).isEqualTo(900);
        assertThat(config.sip().listen()).containsExactly(new SocketSpec("udp", "::1", 5070));
    }

    @Test
    void anUnknownKeyInTheFileIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("locus.properties");
        Files.writeString(file, "registrar.max_contact=3\n");
        assertThatThrownBy(() -> LocusConfig.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key registrar.max_contact");
    }

    @Test
    void aBadValueNamesItsKeyAndValue() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_RPC_PORT", "http")))
                .hasMessage("rpc.port=http is not an integer");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_LISTEN", "sctp:1.2.3.4:5060")))
                .hasMessageContaining("sip.listen").hasMessageContaining("udp or tcp");
    }

    @Test
    void tmDefaultsAreKamailiosTimerAndBoundedWaits() {
        TmConfig tm = LocusConfig.load(Optional.empty(), Map.of()).tm();
        assertThat(tm.frTimer()).hasSeconds(30);
        assertThat(tm.maxWaiting()).isEqualTo(64);
        assertThat(tm.maxTransactions()).isEqualTo(1000);
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_TM_MAX_WAITING", "0")))
                .hasMessageContaining("tm.max_waiting");
    }

    @Test
    void inconsistentExpiriesNameBothKeys() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_REGISTRAR_MAX_EXPIRES", "30")))
                .hasMessage("registrar.max_expires=30 is below registrar.min_expires=60");
    }

    @Test
    void theUdpQueueHoldsAQuarterPerSourceByDefaultAndNeverMorePerSourceThanInAll() {
        SipConfig sip = LocusConfig.load(Optional.empty(), Map.of()).sip();
        assertThat(sip.udpQueue()).isEqualTo(2048);
        assertThat(sip.udpQueuePerSource()).isEqualTo(512);
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(),
                Map.of("LOCUS_SIP_UDP_QUEUE", "100", "LOCUS_SIP_UDP_QUEUE_PER_SOURCE", "101")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sip.udp_queue_per_source=101 is above sip.udp_queue=100");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_UDP_QUEUE", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.udp_queue");
    }

    @Test
    void aRequestMayCarryTwentyContactsByDefaultAndNoFewerThanOneWhenSet() {
        assertThat(LocusConfig.load(Optional.empty(), Map.of()).registrar().maxContactsPerRequest()).isEqualTo(20);
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(),
                Map.of("LOCUS_REGISTRAR_MAX_CONTACTS_PER_REQUEST", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registrar.max_contacts_per_request");
    }

    @Test
    void requiringAuthenticationWithoutADatabaseStopsStartUp() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_AUTH_ENABLED", "true")))
                .hasMessage("auth.enabled=true needs a database with the subscriber table: set db.url");
    }

    @Test
    void authenticationFollowsTheDatabaseByDefault() {
        assertThat(LocusConfig.load(Optional.empty(), Map.of()).auth().enabled()).isFalse();
        assertThat(LocusConfig.load(Optional.empty(), Map.of("LOCUS_DB_URL", "jdbc:mysql://127.0.0.1:3306/k")).auth().enabled())
                .isTrue();
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_AUTH_ALGORITHMS", "MD5,SHA-512")))
                .hasMessageContaining("SHA-512");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_AUTH_SECRET", "short")))
                .hasMessageContaining("auth.secret");
    }

    @Test
    void databasePasswordsNeverReachTheLog() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_DB_URL",
                "jdbc:mysql://127.0.0.1:3306/k?user=x&password=hunter2", "LOCUS_DB_PASSWORD", "hunter3",
                "LOCUS_AUTH_SECRET", "a-very-secret-secret"));
        assertThat(config.describe()).doesNotContain("hunter2").doesNotContain("hunter3").doesNotContain("a-very-secret")
                .contains("db.password=****");
        assertThat(config.database().toString()).doesNotContain("hunter3");
    }

    @Test
    void theRpcSecretIsReadAndNeverReachesTheLog() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_RPC_SECRET", "rpc-s3cret-token"));
        assertThat(config.rpc().secret()).contains("rpc-s3cret-token");
        assertThat(config.describe()).doesNotContain("rpc-s3cret-token").contains("rpc.secret=****");
        assertThat(config.rpc().toString()).doesNotContain("rpc-s3cret-token");
    }

    @Test
    void aShortRpcSecretIsRefusedWithoutBeingPrinted() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_RPC_SECRET", "short-s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rpc.secret must have at least 16 characters (it has 12)");
    }

    @Test
    void theRpcLimitsHaveTheirDefaults() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of());
        assertThat(config.rpc().maxBatch()).isEqualTo(100);
        assertThat(config.rpc().maxResponseBytes()).isEqualTo(64 << 20);
        assertThat(config.rpc().idleTimeout()).hasSeconds(30);
        assertThat(config.rpc().maxConnections()).isEqualTo(64);
        assertThat(config.rpc().secret()).isEmpty();
    }

    @Test
    void sipOverTcpIsCappedAndTimedOutByDefaultAsKamailioIs() {
        TcpLimits tcp = LocusConfig.load(Optional.empty(), Map.of()).sip().tcp();
        assertThat(tcp.maxConnections()).isEqualTo(2048);
        assertThat(tcp.maxConnectionsPerIp()).isEqualTo(256);
        assertThat(tcp.idleTimeout()).hasSeconds(120);
        assertThat(tcp.readTimeout()).hasSeconds(20);
    }

    @Test
    void theTcpLimitsAreReadFromTheirKeys() {
        TcpLimits tcp = LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_TCP_MAX_CONNECTIONS", "10",
                "LOCUS_SIP_TCP_MAX_CONNECTIONS_PER_IP", "3", "LOCUS_SIP_TCP_IDLE_TIMEOUT", "30",
                "LOCUS_SIP_TCP_READ_TIMEOUT", "5")).sip().tcp();
        assertThat(tcp).isEqualTo(new TcpLimits(10, 3, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5)));
    }

    @Test
    void aPerSourceTcpCapAboveTheTotalNamesBothKeys() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_TCP_MAX_CONNECTIONS", "100",
                "LOCUS_SIP_TCP_MAX_CONNECTIONS_PER_IP", "101")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sip.tcp_max_connections_per_ip=101 is above sip.tcp_max_connections=100");
    }

    @Test
    void tcpLimitsOfZeroAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_TCP_MAX_CONNECTIONS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.tcp_max_connections=0 is out of range");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_TCP_IDLE_TIMEOUT", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.tcp_idle_timeout=0 is out of range");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_SIP_TCP_READ_TIMEOUT", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sip.tcp_read_timeout=x is not an integer");
    }

    @Test
    void aPasswordInTheUserInfoOfTheDatabaseUrlNeverReachesTheLog() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_DB_URL",
                "jdbc:mysql://x:hunter2@127.0.0.1:3306/k"));
        assertThat(config.describe()).doesNotContain("hunter2").contains("db.url=jdbc:mysql://x:****@127.0.0.1:3306/k");
        assertThat(config.database().toString()).doesNotContain("hunter2");
    }

    @Test
    void aRefusedDatabaseUrlIsNamedWithoutItsPassword() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_DB_URL",
                "jdbc:postgresql://x:hunter2@db/k")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("x:****@db").hasMessageNotContaining("hunter2");
    }

    @Test
    void theUacregQuorumIsAutomaticByDefault() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of());
        assertThat(config.uacreg().quorum()).isEmpty();
    }

    @Test
    void aNumericUacregQuorumIsKept() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_UACREG_QUORUM", "2"));
        assertThat(config.uacreg().quorum()).hasValue(2);
    }

    @Test
    void aUacregQuorumNeitherAutoNorAPositiveNumberIsRefused() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_UACREG_QUORUM", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uacreg.quorum");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_UACREG_QUORUM", "most")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uacreg.quorum");
    }

    @Test
    void theDefaultClusterNameIsRefusedOnANonLoopbackBindAddress() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "10.0.0.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.name=locus").hasMessageContaining("cluster.bind_address=10.0.0.1");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "0.0.0.0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.name");
    }

    @Test
    void theDefaultClusterNameIsAcceptedOnLoopback() {
        assertThat(LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "::1")).cluster().name())
                .isEqualTo("locus");
    }

    @Test
    void aClusterNameOfItsOwnIsAcceptedOnAnyBindAddress() {
        assertThat(LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "10.0.0.1",
                "LOCUS_CLUSTER_NAME", "s3cret-cluster")).cluster().bindAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void listedMembersThatIncludeThisNodeAreTheWholeCluster() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "10.0.0.1", "LOCUS_CLUSTER_NAME", "s3cret-cluster",
                "LOCUS_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701,10.0.0.3:5701"));
        assertThat(config.cluster().expectedMembers()).hasValue(3);
    }

    @Test
    void listedMembersWithoutThisNodeAreTheClusterLessThisNode() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of("LOCUS_CLUSTER_BIND_ADDRESS", "10.0.0.1", "LOCUS_CLUSTER_NAME", "s3cret-cluster",
                "LOCUS_CLUSTER_MEMBERS", "10.0.0.2,10.0.0.3:5701"));
        assertThat(config.cluster().expectedMembers()).hasValue(3);
    }

    @Test
    void noListedMembersLeaveTheClusterSizeToDiscovery() {
        assertThat(LocusConfig.load(Optional.empty(), Map.of()).cluster().expectedMembers()).isEmpty();
    }

    @Test
    void aDbtableNeedsADatabaseAndExpiresIsReadOnlyWhenAsked() {
        Map<String, String> env = Map.of("LOCUS_HTABLE_TABLES", "dbtbl=>dbtable=htable;autoexpire=60");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), env))
                .hasMessage("htable.tables: table dbtbl loads from dbtable=htable, which needs a database: set db.url");
        Map<String, String> withDb = new java.util.HashMap<>(env);
        withDb.put("LOCUS_DB_URL", "jdbc:mysql://127.0.0.1:3306/kamailio");
        assertThat(LocusConfig.load(Optional.empty(), withDb).htable().dbExpires()).as("Kamailio's default").isFalse();
        withDb.put("LOCUS_HTABLE_DB_EXPIRES", "true");
        assertThat(LocusConfig.load(Optional.empty(), withDb).htable().dbExpires()).isTrue();
    }

    @Test
    void binrpcIsOffByDefaultAndReadsCtlsForms() {
        BinrpcConfig off = LocusConfig.load(Optional.empty(), Map.of()).binrpc();
        assertThat(off.enabled()).isFalse();
        assertThat(off.limits().maxReplyBytes()).isEqualTo(131072);
        assertThat(off.limits().socketMode()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        BinrpcConfig on = LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_LISTEN",
                "unix:/tmp/binrpc-cfg/ctl, tcp:127.0.0.1:2049, udp:[::1]", "LOCUS_BINRPC_SOCKET_MODE", "0660")).binrpc();
        assertThat(on.listen()).extracting(Object::toString)
                .containsExactly("unix:/tmp/binrpc-cfg/ctl", "tcp:127.0.0.1:2049", "udp:[::1]:2049");
        assertThat(on.limits().socketMode()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
    }

    @Test
    void binrpcBeyondLoopbackNeedsAnExplicitSetting() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_LISTEN", "tcp:192.0.2.1:2049")))
                .hasMessageContaining("binrpc.listen: tcp:192.0.2.1:2049 is not a loopback address")
                .hasMessageContaining("binrpc.allow_remote=true");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_LISTEN", "tcp:2049")))
                .as("every address").hasMessageContaining("not a loopback address");
        assertThat(LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_LISTEN", "tcp:192.0.2.1:2049",
                "LOCUS_BINRPC_ALLOW_REMOTE", "true")).binrpc().listen()).hasSize(1);
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_LISTEN", "unixd:/tmp/x")))
                .hasMessageContaining("binrpc.listen").hasMessageContaining("not supported");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_BINRPC_SOCKET_MODE", "rw")))
                .hasMessageContaining("binrpc.socket_mode=rw");
    }

    @Test
    void theJsonrpcsDatagramSocketIsOffByDefaultAndTakesAPathOrLoopbackUdp() {
        JsonrpcDgramConfig off = LocusConfig.load(Optional.empty(), Map.of()).jsonrpcDgram();
        assertThat(off.enabled()).isFalse();
        assertThat(off.mode()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        JsonrpcDgramConfig unix = LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_SOCKET",
                "/run/locus/kamailio_rpc.sock", "LOCUS_JSONRPC_DGRAM_MODE", "0")).jsonrpcDgram();
        assertThat(unix.unixSocket()).contains(java.nio.file.Path.of("/run/locus/kamailio_rpc.sock"));
        assertThat(unix.mode()).as("0 is rw-------, as jsonrpcs")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        JsonrpcDgramConfig udp = LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_SOCKET",
                "udp:[::1]:9062")).jsonrpcDgram();
        assertThat(udp.udp()).hasValueSatisfying(a -> {
            assertThat(a.getAddress().isLoopbackAddress()).isTrue();
            assertThat(a.getPort()).isEqualTo(9062);
        });
        assertThat(LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_SOCKET", "udp:127.0.0.1:9062"))
                .jsonrpcDgram().udp()).isPresent();
        for (String bad : java.util.List.of("kamailio_rpc.sock", "udp:127.0.0.1", "udp:127.0.0.1:0",
                "udp:127.0.0.1:x", "tcp:127.0.0.1:9062")) {
            assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_SOCKET", bad)))
                    .as(bad).hasMessageContaining("jsonrpc.dgram_socket=" + bad);
        }
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_SOCKET",
                "udp:192.0.2.1:9062"))).hasMessageContaining("must be on a loopback address");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_JSONRPC_DGRAM_MODE", "rw")))
                .hasMessageContaining("jsonrpc.dgram_mode=rw");
    }

    @Test
    void theProtectionDefinesItsTablesWhenHtableTablesDoesNot() {
        LocusConfig config = LocusConfig.load(Optional.empty(), Map.of());
        assertThat(config.protect().enabled()).isTrue();
        assertThat(config.htable().tables()).extracting(t -> t.name()).containsExactly("ipban", "authfail");
        var bans = config.htable().tables().get(0);
        assertThat(bans.autoexpire()).isEqualTo(300);
        assertThat(bans.dmqreplicate()).isTrue();
        var counts = config.htable().tables().get(1);
        assertThat(counts.autoexpire()).isEqualTo(120);
        assertThat(counts.updateexpire()).isFalse();
        assertThat(counts.initval()).hasValue(0);
        assertThat(counts.dmqreplicate()).isFalse();
    }

    @Test
    void anOperatorsBanTableIsKeptAndSwitchedOffProtectionDefinesNothing() {
        LocusConfig own = LocusConfig.load(Optional.empty(), Map.of("LOCUS_HTABLE_TABLES",
                "ipban=>size=8;autoexpire=600;dmqreplicate=1", "LOCUS_PROTECT_AUTH_FAILURES_PER_IP", "0",
                "LOCUS_PROTECT_AUTH_FAILURES_PER_USER", "0"));
        assertThat(own.htable().tables()).singleElement().satisfies(t -> assertThat(t.autoexpire()).isEqualTo(600));
        LocusConfig off = LocusConfig.load(Optional.empty(), Map.of("LOCUS_PROTECT_ENABLED", "false"));
        assertThat(off.htable().tables()).isEmpty();
    }

    @Test
    void protectionSettingsThatCannotWorkAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_HTABLE_TABLES", "ipban=>size=8")))
                .hasMessageContaining("protect.ban_table ipban has no autoexpire");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_HTABLE_TABLES",
                "authfail=>autoexpire=60;updateexpire=1;initval=0")))
                .hasMessageContaining("protect.auth_table authfail");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_PROTECT_ANSWER", "reject")))
                .hasMessageContaining("protect.answer=reject");
        assertThatThrownBy(() -> LocusConfig.load(Optional.empty(), Map.of("LOCUS_PROTECT_TRUSTED", "10.0.0.0/8,lan")))
                .hasMessageContaining("protect.trusted").hasMessageContaining("'lan'");
    }
}
