package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.node.cli.LocusCtl;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kamailio 5.6's htable RPC commands over real HTTP on one node: answers and faults as Kamailio 5.6.3 gave them
 * live (uacreg-and-rpc.md §11.6, and a Kamailio with the same tables probed with curl and kamcmd), expiry with
 * short tables, and locusctl printing them as kamcmd does.
 */
class HtableRpcIT {

    private static final String HOST = "127.0.0.58";
    private static final DateTimeFormatter EXPIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Each test has a table of its own, so none sees another's items. */
    private static final String TABLES = String.join(" ",
            "trunks=>size=4;autoexpire=0;",
            "kv=>size=4;",
            "st=>size=1;",
            "fl=>size=2;",
            "ax=>size=2;autoexpire=2;",
            "up=>size=2;autoexpire=60;updateexpire=1;",
            "nu=>size=3;autoexpire=60;updateexpire=0;initval=7;",
            "dq=>size=5;dmqreplicate=1;");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        Map<String, String> settings = TestNodes.settings(HOST, 17103);
        settings.put("htable.tables", TABLES);
        // The table list is the Kamailio fixture's: without the protection's own tables (ipban, authfail).
        settings.put("protect.enabled", "false");
        node = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static void assertFault(JsonNode response, int code, String message) {
        assertThat(response.has("result")).as("%s is a fault", response).isFalse();
        assertThat(response.at("/error/code").asInt()).as("%s", response).isEqualTo(code);
        assertThat(response.at("/error/message").asText()).isEqualTo(message);
    }

    private static boolean exists(String table, String key) throws Exception {
        JsonNode response = rpc.call("htable.get", table, key);
        if (response.has("error")) {
            assertThat(response.at("/error/message").asText()).isEqualTo("Key name doesn't exist in htable.");
            return false;
        }
        return true;
    }

    private static long expireOf(String table, String key) throws Exception {
        String text = rpc.result("htable.get", table, key).at("/item/expire").asText();
        return LocalDateTime.parse(text, EXPIRE).atZone(ZoneId.systemDefault()).toEpochSecond();
    }

    private static long now() {
        return Clock.systemUTC().instant().getEpochSecond();
    }

    @Test
    void listTablesIsKamailiosLastDefinedFirst() throws Exception {
        JsonNode tables = rpc.result("htable.listTables");
        assertThat(tables.get(0)).isEqualTo(json("""
                {"name":"dq","dbtable":"","dbmode":0,"expire":0,"updateexpire":1,"size":32,"dmqreplicate":1}"""));
        assertThat(tables.get(1)).isEqualTo(json("""
                {"name":"nu","dbtable":"","dbmode":0,"expire":60,"updateexpire":0,"size":8,"dmqreplicate":0}"""));
        assertThat(tables.get(7)).isEqualTo(json("""
                {"name":"trunks","dbtable":"","dbmode":0,"expire":0,"updateexpire":1,"size":16,"dmqreplicate":0}"""));
        assertThat(tables).hasSize(8);
    }

    @Test
    void setGetAndDumpAnswerAsKamailio() throws Exception {
        assertThat(rpc.result("htable.sets", "trunks", "gw1", "127.0.0.21").asText()).isEqualTo("Ok. Key set to new value.");
        // kamcmd sends 5060 as an integer; sets converts it, as Kamailio's ".S".
        assertThat(rpc.result("htable.sets", "trunks", "gw3", 5060).asText()).isEqualTo("Ok. Key set to new value.");
        assertThat(rpc.result("htable.seti", "trunks", "cnt", 0).asText()).isEqualTo("Ok. Key set to new value.");
        assertThat(rpc.result("htable.seti", "trunks", "cnt2", 5).asText()).isEqualTo("Ok. Key set to new value.");

        assertThat(rpc.result("htable.get", "trunks", "gw1")).isEqualTo(json("""
                {"item":{"name":"gw1","value":"127.0.0.21","flags":2,"expire":"NEVER"}}"""));
        assertThat(rpc.result("htable.get", "trunks", "gw3")).isEqualTo(json("""
                {"item":{"name":"gw3","value":"5060","flags":2,"expire":"NEVER"}}"""));
        assertThat(rpc.result("htable.get", "trunks", "cnt2")).isEqualTo(json("""
                {"item":{"name":"cnt2","value":5,"flags":0,"expire":"NEVER"}}"""));
        // Kamailio 5.6.3's htable.dump of the same items: slots by core_case_hash, a slot's items by hash.
        assertThat(rpc.result("htable.dump", "trunks")).isEqualTo(json("""
                [{"entry":2,"size":1,"slot":[{"name":"cnt","value":0,"type":"int"}]},
                 {"entry":4,"size":1,"slot":[{"name":"gw3","value":"5060","type":"str"}]},
                 {"entry":6,"size":2,"slot":[{"name":"gw1","value":"127.0.0.21","type":"str"},
                                             {"name":"cnt2","value":5,"type":"int"}]}]"""));

        // A string replaced by an integer, and back.
        rpc.result("htable.seti", "trunks", "gw3", -7);
        assertThat(rpc.result("htable.get", "trunks", "gw3").at("/item/value").asInt()).isEqualTo(-7);
        rpc.result("htable.sets", "trunks", "gw3", "5060");
        assertThat(rpc.result("htable.get", "trunks", "gw3").at("/item/flags").asInt()).isEqualTo(2);

        Run text = ctl("htable.dump", "trunks");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("""
                {
                \tentry: 2
                \tsize: 1
                \tslot: {
                \t\t{
                \t\t\tname: cnt
                \t\t\tvalue: 0
                \t\t\ttype: int
                \t\t}
                \t}
                }
                {
                \tentry: 4
                """);
        assertThat(ctl("htable.get", "trunks", "gw1").out()).isEqualTo("""
                {
                \titem: {
                \t\tname: gw1
                \t\tvalue: 127.0.0.21
                \t\tflags: 2
                \t\texpire: NEVER
                \t}
                }
                """);
        assertThat(ctl("htable.sets", "trunks", "gw4", "5061").out()).isEqualTo("Ok. Key set to new value.\n");
        assertThat(rpc.result("htable.get", "trunks", "gw4").at("/item/value").asText()).isEqualTo("5061");
        Run missing = ctl("htable.get", "trunks", "nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out() + missing.err()).contains("error: 500 - Key name doesn't exist in htable.");
    }

    @Test
    void deleteAnswersOkThen404() throws Exception {
        rpc.result("htable.sets", "kv", "gone", "x");
        assertThat(rpc.result("htable.delete", "kv", "gone").asText()).isEqualTo("Ok. Key deleted.");
        assertFault(rpc.call("htable.delete", "kv", "gone"), 404, "Key not found in htable.");
        assertThat(exists("kv", "gone")).isFalse();
    }

    @Test
    void everyFaultHasKamailiosCodeAndText() throws Exception {
        String nst = "No such htable";
        assertFault(rpc.call("htable.get", "nosuch", "k"), 500, nst);
        assertFault(rpc.call("htable.sets", "nosuch", "k", "v"), 500, nst);
        assertFault(rpc.call("htable.seti", "nosuch", "k", 1), 500, nst);
        assertFault(rpc.call("htable.setex", "nosuch", "k", 1), 500, nst);
        assertFault(rpc.call("htable.delete", "nosuch", "k"), 500, nst);
        assertFault(rpc.call("htable.dump", "nosuch"), 500, nst);
        assertFault(rpc.call("htable.flush", "nosuch"), 500, nst);
        // setxs/setxi fail as a whole in Kamailio (ki_ht_setx*), with the set's own text.
        assertFault(rpc.call("htable.setxs", "nosuch", "k", "v", 5), 500, "Failed to set the item");
        assertFault(rpc.call("htable.setxi", "nosuch", "k", 1, 5), 500, "Failed to set the item");

        // Parameters are read before the table is looked up.
        assertFault(rpc.call("htable.get", "nosuch"), 500, "Not enough parameters (htable name and key name)");
        assertFault(rpc.call("htable.sets", "kv", "onlykey"), 500, "Not enough parameters (htable name, key name and value)");
        assertFault(rpc.call("htable.seti", "kv", "onlykey"), 500, "Not enough parameters (htable name, key name and value)");
        assertFault(rpc.call("htable.setex", "kv", "k"), 500, "Not enough parameters (htable name, item name and expire)");
        assertFault(rpc.call("htable.setxs", "kv", "k", "v"), 500, "Not enough parameters (htable name, key name, value and expire)");
        assertFault(rpc.call("htable.setxi", "kv", "k", 1), 500, "Not enough parameters (htable name, key name, value and expire)");
        assertFault(rpc.call("htable.delete", "kv"), 500, "Not enough parameters (htable name & key name");
        assertFault(rpc.call("htable.dump"), 500, "No htable name given");
        assertFault(rpc.call("htable.flush"), 500, "No htable name given");
        assertFault(rpc.call("htable.get", "kv", "nosuch"), 500, "Key name doesn't exist in htable.");

        // Wrong types are refused, never stored as 0 as Kamailio stores them.
        assertThat(rpc.call("htable.seti", "kv", "n", "5").at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(rpc.call("htable.seti", "kv", "n", 4294967296L).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(rpc.call("htable.sets", "kv", "n", true).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(rpc.call("htable.setxs", "kv", "n", "v", "10").at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(exists("kv", "n")).isFalse();
    }

    @Test
    void statsCountItemsPerKamailioSlot() throws Exception {
        // 8 slots: a, ab and abc fall in 5, 6 and 2 (core_case_hash), ABC with abc.
        for (String key : new String[] {"a", "ab", "abc", "ABC"}) {
            rpc.result("htable.seti", "st", key, 1);
        }
        JsonNode st = null;
        for (JsonNode t : rpc.result("htable.stats")) {
            if (t.get("name").asText().equals("st")) {
                st = t;
            }
        }
        assertThat(st).isEqualTo(json("""
                {"name":"st","slots":8,"all":4,"min":0,"max":2}"""));
        assertThat(rpc.result("htable.dump", "st").findValuesAsText("entry")).containsExactly("2", "5", "6");
    }

    @Test
    void flushEmptiesTheTable() throws Exception {
        rpc.result("htable.sets", "fl", "a", "1");
        rpc.result("htable.seti", "fl", "b", 2);
        assertThat(rpc.result("htable.flush", "fl").asText()).isEqualTo("Ok. Htable flushed.");
        assertThat(rpc.result("htable.dump", "fl")).isEqualTo(json("[]"));
        assertThat(ctl("htable.dump", "fl").out()).isEmpty();
    }

    @Test
    void itemsOfAnAutoexpireTableExpire() throws Exception {
        long before = now();
        rpc.result("htable.sets", "ax", "short", "v");
        long expire = expireOf("ax", "short");
        assertThat(expire).isBetween(before + 2, now() + 2);
        await().atMost(Duration.ofSeconds(6)).until(() -> !exists("ax", "short"));
        assertThat(rpc.result("htable.dump", "ax")).isEqualTo(json("[]"));
    }

    @Test
    void updateexpireDecidesWhetherASetRestartsAnItemsLife() throws Exception {
        rpc.result("htable.sets", "up", "k", "1");
        rpc.result("htable.sets", "nu", "k", "1");
        long up = expireOf("up", "k");
        long nu = expireOf("nu", "k");
        await().atMost(Duration.ofSeconds(3)).until(() -> now() > Math.max(up, nu) - 60);

        rpc.result("htable.sets", "up", "k", "2");
        rpc.result("htable.seti", "nu", "k", 2);
        assertThat(expireOf("up", "k")).isGreaterThan(up);
        assertThat(expireOf("nu", "k")).isEqualTo(nu);
        assertThat(rpc.result("htable.get", "nu", "k").at("/item/value").asInt()).isEqualTo(2);
        // setxs sets the expiry whatever updateexpire says.
        rpc.result("htable.setxs", "nu", "k", "3", 600);
        assertThat(expireOf("nu", "k")).isGreaterThan(nu + 500);
    }

    @Test
    void setexAndSetxExpireSingleItems() throws Exception {
        rpc.result("htable.sets", "up", "soon", "v");
        assertThat(rpc.result("htable.setex", "up", "soon", 1).asText()).isEqualTo("Ok");
        await().atMost(Duration.ofSeconds(5)).until(() -> !exists("up", "soon"));

        rpc.result("htable.sets", "up", "kept", "v");
        rpc.result("htable.setex", "up", "kept", 0);
        assertThat(rpc.result("htable.get", "up", "kept").at("/item/expire").asText()).isEqualTo("NEVER");
        // An item that is not there, and a table without autoexpire: "Ok", nothing changes.
        assertThat(rpc.result("htable.setex", "up", "nosuch", 5).asText()).isEqualTo("Ok");
        assertThat(exists("up", "nosuch")).isFalse();
        rpc.result("htable.sets", "kv", "forever", "v");
        assertThat(rpc.result("htable.setex", "kv", "forever", 1).asText()).isEqualTo("Ok");
        assertThat(rpc.result("htable.setxs", "kv", "forever2", "v", 1).asText()).isEqualTo("Ok. Key set to new value.");
        assertThat(rpc.result("htable.get", "kv", "forever").at("/item/expire").asText()).isEqualTo("NEVER");
        assertThat(rpc.result("htable.get", "kv", "forever2").at("/item/expire").asText()).isEqualTo("NEVER");

        long before = now();
        assertThat(rpc.result("htable.setxi", "up", "brief", 42, 1).asText()).isEqualTo("Ok. Key set to new value.");
        assertThat(expireOf("up", "brief")).isBetween(before + 1, now() + 1);
        assertThat(rpc.result("htable.get", "up", "brief").at("/item/value").asInt()).isEqualTo(42);
        await().atMost(Duration.ofSeconds(5)).until(() -> !exists("up", "brief"));
        // Gone for good, not only hidden: a plain set afterwards starts a new item with the table's autoexpire.
        rpc.result("htable.sets", "up", "brief", "again");
        assertThat(expireOf("up", "brief")).isGreaterThan(now() + 50);
        assertThat(exists("kv", "forever")).isTrue();
    }

    @Test
    void initvalIsNotAnItemForTheRpc() throws Exception {
        // Kamailio's htable.get reads the cell itself: a table's initval makes no item appear (verified live).
        assertFault(rpc.call("htable.get", "nu", "never-set"), 500, "Key name doesn't exist in htable.");
        assertThat(rpc.result("htable.setex", "nu", "never-set", 5).asText()).isEqualTo("Ok");
        assertThat(exists("nu", "never-set")).isFalse();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LocusCtl());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "-s";
        all[1] = rpc.uri().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }
}
