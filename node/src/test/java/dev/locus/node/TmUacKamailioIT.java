package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.locus.node.support.Kamailio;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.Sipp;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same tm.t_uac_* calls to a real Kamailio 5.6 (the DMQ fixture config: tm, jsonrpcs over HTTP, a script that
 * answers a MESSAGE to itself 404) and to a Locus node: the same results and faults, but for the reply text, which
 * names each sender's own Via.
 */
class TmUacKamailioIT {

    private static final String KAMAILIO = "127.0.0.44";
    private static final String LOCUS = "127.0.0.45";
    private static final String UAS = "127.0.0.46";
    private static final String SILENT = "127.0.0.47";
    private static final String HEADERS = "From: <sip:rpc@example.com>\r\nTo: <sip:uas@" + UAS + ">\r\n";
    private static final Path SCENARIO = Path.of("src", "test", "resources", "sipp", "uas-message-options.xml")
            .toAbsolutePath();

    @TempDir
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode locus;
    private static RpcClient rpc;
    private static Process uas;

    @BeforeAll
    static void start() throws Exception {
        Path sipp = Sipp.require();
        kamailio = new Kamailio(KAMAILIO, "sip:" + KAMAILIO + ":5090", dir).start();
        uas = new ProcessBuilder(sipp.toString(), "-sf", SCENARIO.toString(), "-i", UAS, "-p", "5060", "-t", "u1",
                "-m", "100000", "-nostdin").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        Map<String, String> settings = TestNodes.settings(LOCUS, 15745);
        settings.put("tm.fr_timer_ms", "2000");
        locus = TestNodes.start(settings, Clock.systemUTC());
        rpc = new RpcClient(locus.rpcAddress());
        await().atMost(Duration.ofSeconds(20)).until(() -> rpc.result("tm.t_uac_wait", "OPTIONS", "sip:uas@" + UAS,
                ".", ".", HEADERS).get(0).asInt() == 200);
        assertThat(uas.isAlive()).as("our sipp answers, not another one holding its address").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (locus != null) {
            locus.close();
        }
        if (uas != null) {
            uas.destroy();
            if (!uas.waitFor(5, TimeUnit.SECONDS)) {
                uas.destroyForcibly();
            }
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    private record Both(JsonNode kamailio, JsonNode locus) {
    }

    private static Both call(String method, Object... params) throws Exception {
        return new Both(kamailio.rpc(method, params), rpc.call(method, params));
    }

    /** Every member but the last (the reply, whose Via is each sender's), then the last one's first words. */
    private static void assertSameWaitResult(Both both) {
        ArrayNode k = (ArrayNode) both.kamailio().get("result");
        ArrayNode l = (ArrayNode) both.locus().get("result");
        assertThat(k).as(both.toString()).isNotNull();
        assertThat(l).as(both.toString()).hasSameSizeAs(k);
        for (int i = 0; i < k.size() - 1; i++) {
            assertThat(l.get(i)).as("member %d of %s", i, both).isEqualTo(k.get(i));
        }
        String last = k.get(k.size() - 1).asText();
        if (last.isEmpty()) {
            assertThat(l.get(l.size() - 1).asText()).isEmpty();
        } else {
            assertThat(last).startsWith("Via: SIP/2.0/UDP " + KAMAILIO);
            assertThat(l.get(l.size() - 1).asText()).startsWith("Via: SIP/2.0/UDP " + LOCUS).endsWith("\r\n\r\n");
        }
    }

    @Test
    void aTwoHundredWithContactIsTheSameArray() throws Exception {
        assertSameWaitResult(call("tm.t_uac_wait", "MESSAGE", "sip:uas@" + UAS, ".", ".",
                HEADERS + "Content-Type: text/plain\r\n", "hello"));
        assertSameWaitResult(call("tm.t_uac_wait", "OPTIONS", "sip:uas@elsewhere.invalid", "sip:" + UAS + ":5060",
                ".", HEADERS));
    }

    @Test
    void aFailureIsCodeReasonAndReply() throws Exception {
        // Kamailio's script answers 404 to a MESSAGE for it, whoever sends it.
        Both both = call("tm.t_uac_wait", "MESSAGE", "sip:nobody@" + KAMAILIO, ".", ".", HEADERS);
        assertThat(both.kamailio().at("/result/0").asInt()).isEqualTo(404);
        assertSameWaitResult(both);
    }

    @Test
    void noReplyIsTheSameLocal408() throws Exception {
        Both both = call("tm.t_uac_wait", "MESSAGE", "sip:nobody@" + SILENT, ".", ".", HEADERS);
        assertThat(both.kamailio().at("/result/0").asInt()).isEqualTo(408);
        assertSameWaitResult(both);
    }

    @Test
    void startAndWaitBlockAnswerAlike() throws Exception {
        Both started = call("tm.t_uac_start", "MESSAGE", "sip:uas@" + UAS, ".", ".", HEADERS);
        assertThat(started.locus().get("result")).isEqualTo(started.kamailio().get("result"));
        Both blocked = call("tm.t_uac_wait_block", "OPTIONS", "sip:uas@" + UAS, ".", ".", HEADERS);
        assertThat(blocked.kamailio().get("result").toString()).isEqualTo("{\"code\":200,\"text\":\"OK\"}");
        assertThat(blocked.locus().get("result")).isEqualTo(blocked.kamailio().get("result"));
    }

    @Test
    void badParametersGetTheSameFaults() throws Exception {
        String uas = "sip:uas@" + UAS;
        List<Object[]> calls = List.of(
                new Object[]{"MESSAGE", uas, ".", ".", "From: <sip:a@b>\r\n"},
                new Object[]{"MESSAGE", uas, ".", ".", "To: <sip:a@b>\r\n"},
                new Object[]{"", uas, ".", ".", HEADERS},
                new Object[]{"MESSAGE", "nonsense", ".", ".", HEADERS},
                new Object[]{"MESSAGE", uas, "bogus", ".", HEADERS},
                new Object[]{"MESSAGE", uas, ".", "udp:" + KAMAILIO + ":5999", HEADERS},
                new Object[]{"MESSAGE", uas, ".", "udp:a:b:c", HEADERS},
                new Object[]{"MESSAGE", uas, ".", ".", HEADERS, "body"},
                new Object[]{"MESSAGE", uas, ".", ".", HEADERS + "Content-Type: text/plain\r\nContent-Length: 4\r\n", "body"},
                new Object[]{"MESSAGE", uas, ".", ".", HEADERS + "CSeq: 3 OPTIONS\r\n"},
                new Object[]{"MESSAGE", uas, ".", ".", HEADERS + "CSeq: abc MESSAGE\r\n"},
                new Object[]{"MESSAGE", "sip:x@unresolvable.invalid", ".", ".", HEADERS});
        for (Object[] params : calls) {
            Both both = call("tm.t_uac_wait", params);
            JsonNode expected = both.kamailio().get("error");
            assertThat(expected).as(both.toString()).isNotNull();
            // Each node names its own socket in "No local socket for"; the text is the same otherwise.
            String message = expected.get("message").asText().replace(KAMAILIO, LOCUS);
            JsonNode actual = both.locus().get("error");
            assertThat(actual).as(both.toString()).isNotNull();
            assertThat(actual.get("code")).as(both.toString()).isEqualTo(expected.get("code"));
            assertThat(actual.get("message").asText().replace(KAMAILIO, LOCUS)).as(both.toString()).isEqualTo(message);
        }
    }
}
