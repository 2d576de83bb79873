package dev.locus.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.locus.migrations.testdb.TestDatabase;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import dev.locus.registrar.htable.HazelcastHtables;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.htable.HtableDatabase;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.Htables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables with a {@code dbtable} loaded from a real MariaDB: at the start of the cluster's first node (Kamailio's
 * row rules, a bad row skipped with a warning while the rest load), not again by a node that joins, and on
 * {@code htable.reload} over JSON-RPC, which makes the table its database table's (rows inserted, changed and
 * deleted; items set at run time gone). What a table holds is read as a cluster member sees it.
 */
class HtableDatabaseIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String A = "127.0.0.73";
    private static final String B = "127.0.0.74";
    private static final String READER = "127.0.0.75";
    private static final int A_PORT = 17121;
    private static final int B_PORT = 17122;
    private static final int READER_PORT = 17123;
    private static final int PLAIN_PORT = 17124;
    private static final String CLUSTER = "it-htable-db";
    private static final String TABLES = String.join(" ",
            "dbtbl=>size=4;dbtable=htable",
            "exp=>size=4;autoexpire=600;dbtable=htable_exp",
            "gw=>dbtable=gw;cols='name,addr,port,note'",
            "reloaded=>dbtable=htable_reload",
            "once=>dbtable=htable_once",
            "broken=>dbtable=no_such_table",
            "gone=>dbtable=htable_gone",
            "mem=>size=4");
    private static final long NOW = Instant.now().getEpochSecond();

    private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** What the first node logged while it started (later tests reload and log again). */
    private static List<ILoggingEvent> atStart;
    private static LocusNode node;
    private static RpcClient rpc;
    private static HazelcastInstance reader;
    private static Htables tables;

    @BeforeAll
    static void start() throws Exception {
        DB.migrate();
        DB.runScript("""
                INSERT INTO htable (key_name, key_type, value_type, key_value, expires) VALUES
                  ('gw1', 0, 0, '10.0.0.1', 0),
                  ('max', 0, 1, '30', 0),
                  ('neg', 0, 1, '-7', 0),
                  ('bad', 0, 1, 'thirty', 0),
                  ('routes', 1, 0, 'r1', 0),
                  ('routes', 1, 0, 'r2', 0),
                  ('zlast', 0, 0, 'z', 0);
                CREATE TABLE htable_exp LIKE htable;
                INSERT INTO htable_exp (key_name, key_type, value_type, key_value, expires) VALUES
                  ('future', 0, 0, 'f', %d),
                  ('never', 0, 0, 'n', 0),
                  ('past', 0, 0, 'p', %d);
                CREATE TABLE gw (name VARCHAR(64) NOT NULL, addr VARCHAR(64), port INT, note VARCHAR(64));
                INSERT INTO gw VALUES ('gw1', '10.0.0.1', 5060, 'main'), ('gw2', '10.0.0.2', NULL, '');
                CREATE TABLE htable_reload LIKE htable;
                INSERT INTO htable_reload (key_name, key_type, value_type, key_value) VALUES
                  ('kept', 0, 0, 'same'), ('changed', 0, 0, 'old'), ('deleted', 0, 0, 'bye');
                CREATE TABLE htable_once LIKE htable;
                INSERT INTO htable_once (key_name, key_type, value_type, key_value) VALUES ('x', 0, 1, '1');
                CREATE TABLE htable_gone LIKE htable;
                INSERT INTO htable_gone (key_name, key_type, value_type, key_value) VALUES ('still', 0, 0, 'here');
                """.formatted(NOW + 3600, NOW - 10));
        Logger logger = (Logger) LoggerFactory.getLogger(HtableDatabase.class);
        logs.start();
        logger.addAppender(logs);
        node = TestNodes.start(settings(A, A_PORT), InstantSource.system());
        atStart = List.copyOf(logs.list);
        rpc = new RpcClient(node.rpcAddress());
        reader = joinAsReader();
        tables = new HazelcastHtables(HtableSpec.parseAll(TABLES), reader, InstantSource.system());
    }

    private static Map<String, String> settings(String host, int port) {
        Map<String, String> s = TestNodes.settings(host, port);
        TestNodes.withDatabase(s, DB.url(), DB.user(), DB.password());
        s.put("cluster.name", CLUSTER);
        s.put("cluster.members", A + ":" + A_PORT);
        s.put("auth.enabled", "false");
        s.put("uacreg.enabled", "false");
        s.put("htable.tables", TABLES);
        s.put("htable.db_expires", "true");
        return s;
    }

    /** A lite member of the cluster (no partitions of its own) with Locus's htable serializers. */
    private static HazelcastInstance joinAsReader() {
        Config config = new Config();
        config.setInstanceName("htable-db-reader");
        config.setClusterName(CLUSTER);
        config.setLiteMember(true);
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.local.localAddress", READER);
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(false);
        config.getNetworkConfig().setPort(READER_PORT).setPortAutoIncrement(false);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(A + ":" + A_PORT);
        HazelcastHtables.configure(config, 1);
        return Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(HtableDatabase.class)).detachAppender(logs);
        if (reader != null) {
            reader.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Map<String, HtValue> content(String table) {
        return tables.table(table).orElseThrow().items().stream()
                .collect(Collectors.toMap(HtItem::name, HtItem::value, (a, b) -> a, TreeMap::new));
    }

    private static HtItem item(String table, String name) {
        return tables.table(table).orElseThrow().get(name).orElseThrow();
    }

    private static List<String> messages(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static JsonNode error(String method, Object... params) throws Exception {
        JsonNode response = rpc.call(method, params);
        assertThat(response.has("error")).as("%s answered an error: %s", method, response).isTrue();
        return response.get("error");
    }

    @Test
    void theDefaultLayoutLoadsStringsIntegersAndArraysAndSkipsTheBadRowAlone() {
        Map<String, HtValue> content = content("dbtbl");
        assertThat(content).containsOnlyKeys("gw1", "max", "neg", "routes[0]", "routes[1]", "routes::size", "zlast");
        assertThat(content).containsEntry("gw1", HtValue.of("10.0.0.1")).containsEntry("max", HtValue.of(30))
                .containsEntry("neg", HtValue.of(-7)).containsEntry("routes::size", HtValue.of(2))
                .containsEntry("zlast", HtValue.of("z"));
        // Rows of one array come in the database's order, as in Kamailio (ordered by key_name only).
        assertThat(List.of(content.get("routes[0]"), content.get("routes[1]")))
                .containsExactlyInAnyOrder(HtValue.of("r1"), HtValue.of("r2"));
        assertThat(item("dbtbl", "gw1").expire()).as("a table without autoexpire").isZero();
        assertThat(atStart.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("htable dbtbl:")))
                .containsExactly("htable dbtbl: row 1 of database table htable (key 'bad') skipped: value_type is 1 "
                        + "(integer) but key_value 'thirty' is not a 32-bit integer");
    }

    @Test
    void expiresIsReadAsAnAbsoluteTimeAndPastRowsAreNotLoaded() {
        assertThat(content("exp")).containsOnlyKeys("future", "never");
        assertThat(item("exp", "future").expire()).isEqualTo(NOW + 3600);
        // No expires of its own: it lives the table's autoexpire from the load.
        assertThat(item("exp", "never").expire()).isBetween(NOW + 600, Instant.now().getEpochSecond() + 600);
        assertThat(atStart).extracting(ILoggingEvent::getFormattedMessage).contains(
                "htable exp: 2 item(s) from 3 row(s) of database table htable_exp (0 skipped, 1 expired)");
    }

    @Test
    void theColsFormJoinsTheValueColumnsWithNullAsAStar() {
        assertThat(content("gw")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "gw1", HtValue.of("10.0.0.1,5060,main"), "gw2", HtValue.of("10.0.0.2,*,"))));
    }

    @Test
    void reloadMakesTheTableItsDatabaseTables() throws Exception {
        tables.table("reloaded").orElseThrow().set("runtime", HtValue.of("set at run time"));
        DB.runScript("""
                INSERT INTO htable_reload (key_name, key_type, value_type, key_value) VALUES ('added', 0, 1, '5');
                UPDATE htable_reload SET key_value = 'new' WHERE key_name = 'changed';
                DELETE FROM htable_reload WHERE key_name = 'deleted';
                """);
        assertThat(content("reloaded")).containsOnlyKeys("kept", "changed", "deleted", "runtime");

        assertThat(rpc.result("htable.reload", "reloaded").textValue()).isEqualTo("Ok. Htable reloaded.");

        assertThat(content("reloaded")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "added", HtValue.of(5), "changed", HtValue.of("new"), "kept", HtValue.of("same"))));
    }

    @Test
    void reloadAnswersKamailiosErrors() throws Exception {
        assertThat(error("htable.reload", "nosuch").toString()).isEqualTo("{\"code\":500,\"message\":\"No such htable\"}");
        assertThat(error("htable.reload", "mem").get("message").textValue()).isEqualTo("No database htable");
        assertThat(error("htable.reload").get("message").textValue()).isEqualTo("No htable name given");
    }

    @Test
    void aTableThatCannotBeReadLeavesTheNodeRunningAndItsReloadFails() throws Exception {
        assertThat(atStart).filteredOn(e -> e.getLevel() == Level.ERROR).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m)
                .startsWith("htable broken: not loaded at start (cannot read database table no_such_table: "));
        JsonNode e = error("htable.reload", "broken");
        assertThat(e.get("code").asInt()).isEqualTo(500);
        assertThat(e.get("message").textValue())
                .isEqualTo("Htable reload failed: cannot read database table no_such_table (see the node's log)");
        assertThat(rpc.result("htable.reload", "dbtbl").textValue()).as("the others still reload")
                .isEqualTo("Ok. Htable reloaded.");
    }

    @Test
    void aReloadThatCannotReadTheDatabaseLeavesTheTableAsItWas() throws Exception {
        assertThat(content("gone")).containsExactly(Map.entry("still", HtValue.of("here")));
        DB.runScript("DROP TABLE htable_gone;");

        assertThat(error("htable.reload", "gone").get("message").textValue())
                .isEqualTo("Htable reload failed: cannot read database table htable_gone (see the node's log)");

        assertThat(content("gone")).containsExactly(Map.entry("still", HtValue.of("here")));
    }

    @Test
    void aNodeJoiningTheClusterKeepsWhatItHoldsAndItsReloadAppliesClusterWide() throws Exception {
        assertThat(content("once")).containsExactly(Map.entry("x", HtValue.of(1)));
        DB.runScript("""
                UPDATE htable_once SET key_value = '2' WHERE key_name = 'x';
                INSERT INTO htable_once (key_name, key_type, value_type, key_value) VALUES ('y', 0, 0, 'new');
                """);
        try (LocusNode second = TestNodes.start(settings(B, B_PORT), InstantSource.system())) {
            assertThat(messages(Level.INFO)).contains(
                    "htable once: already loaded in the cluster, not loaded again from htable_once");
            assertThat(content("once")).containsExactly(Map.entry("x", HtValue.of(1)));

            JsonNode reloaded = new RpcClient(second.rpcAddress()).result("htable.reload", "once");

            assertThat(reloaded.textValue()).isEqualTo("Ok. Htable reloaded.");
            assertThat(content("once")).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                    "x", HtValue.of(2), "y", HtValue.of("new"))));
        }
    }

    @Test
    void aNodeWithoutDatabaseAnswersAsKamailioWithoutDbUrl() throws Exception {
        Map<String, String> s = TestNodes.settings(READER, PLAIN_PORT);
        s.put("htable.tables", "mem=>size=4");
        try (LocusNode plain = TestNodes.start(s, InstantSource.system())) {
            JsonNode response = new RpcClient(plain.rpcAddress()).call("htable.reload", "mem");
            assertThat(response.get("error").get("message").textValue()).isEqualTo("No htable db_url");
        }
    }
}
