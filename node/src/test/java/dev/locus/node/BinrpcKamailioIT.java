package dev.locus.node;

import dev.locus.node.support.Kamailio;
import dev.locus.node.support.Kamcmd;
import dev.locus.node.support.Register;
import dev.locus.node.support.SipClient;
import dev.locus.node.support.SipClient.Transport;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kamcmd against a real Kamailio 5.6 (its ctl module) and against Locus, after the same REGISTER to each: the same
 * text, apart from what must differ (addresses, times, identifiers), for the same commands.
 */
class BinrpcKamailioIT {

    private static final String KAMAILIO = "127.0.0.149";
    private static final String LOCUS = "127.0.0.150";
    private static final String PHONE = "127.0.0.157";
    private static final int KAMAILIO_CTL = 17306;
    private static final int SIP_PORT = 17307;
    private static final int CLUSTER_PORT = 17308;
    private static final int LOCUS_BINRPC = 17309;
    private static final int DMQ_PORT = 17310;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Kamailio kamailio;
    private static LocusNode node;
    private static Kamcmd atKamailio;
    private static Kamcmd atLocus;

    @BeforeAll
    static void start() throws Exception {
        Kamcmd.require();
        kamailio = new Kamailio(KAMAILIO, "sip:" + KAMAILIO + ":5090", dir)
                .withBinrpc("tcp:" + KAMAILIO + ":" + KAMAILIO_CTL).start();
        Map<String, String> s = TestNodes.settings(LOCUS, CLUSTER_PORT);
        s.put("sip.listen", "udp:" + LOCUS + ":" + SIP_PORT);
        s.put("dmq.listen", "udp:" + LOCUS + ":" + DMQ_PORT);
        s.put("dmq.notification_address", "sip:" + LOCUS + ":" + DMQ_PORT);
        s.put("dmq.ping_interval", "1");
        // The fixture's Kamailio does no NAT handling: neither may Locus, for the same contact.
        s.put("registrar.nat_test", "0");
        s.put("binrpc.listen", "tcp:" + LOCUS + ":" + LOCUS_BINRPC);
        // The fixture's table "local", as Kamailio defines it.
        s.put("htable.tables", "local=>size=4;");
        node = TestNodes.start(s, Clock.systemUTC());
        atKamailio = Kamcmd.at("tcp:" + KAMAILIO + ":" + KAMAILIO_CTL);
        atLocus = Kamcmd.at("tcp:" + LOCUS + ":" + LOCUS_BINRPC);
        register(new InetSocketAddress(KAMAILIO, 5060));
        register(new InetSocketAddress(LOCUS, SIP_PORT));
    }

    /** The same REGISTER, Call-ID and all, to each registrar. */
    private static void register(InetSocketAddress registrar) throws Exception {
        try (SipClient ua = new SipClient(Transport.UDP, PHONE, registrar)) {
            assertThat(ua.request(Register.of("bob", "example.com").callId("binrpc-compare@" + PHONE)
                    .contact("<sip:bob@192.0.2.9:5060>").expires(600).to(ua)).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    /** Values that differ between two registrars by nature: where they listen, when, and their own identifiers. */
    private static String masked(String kamcmdText) {
        return kamcmdText.replaceAll("(?m)^(\\t*(Expires|Socket|Ruid|Last-Keepalive|Last-Modified|host|port"
                + "|resolved_ip): ).*$", "$1*");
    }

    @Test
    void ulDumpPrintsTheSameAsKamailiosForTheSameRegister() throws Exception {
        String theirs = atKamailio.print("ul.dump");
        assertThat(theirs).contains("AoR: bob");
        assertThat(masked(atLocus.print("ul.dump"))).isEqualTo(masked(theirs));
        assertThat(atLocus.print("ul.dump", "brief")).isEqualTo(atKamailio.print("ul.dump", "brief"));
        assertThat(masked(atLocus.print("ul.lookup", "location", "bob")))
                .isEqualTo(masked(atKamailio.print("ul.lookup", "location", "bob")));
    }

    @Test
    void faultsPrintTheSameAsKamailios() throws Exception {
        for (List<String> command : List.of(List.of("no.such"), List.of("ul.lookup", "location", "nobody"),
                List.of("ul.lookup", "nosuchtable", "bob"), List.of("stats.get_statistics"))) {
            String[] argv = command.toArray(String[]::new);
            assertThat(atLocus.print(argv)).as(String.join(" ", command)).isEqualTo(atKamailio.print(argv));
        }
    }

    @Test
    void usrlocStatisticsHaveKamailiosNamesAndValues() throws Exception {
        assertThat(atLocus.print("stats.get_statistics", "usrloc:"))
                .isEqualTo(atKamailio.print("stats.get_statistics", "usrloc:"));
    }

    @Test
    void htableCommandsPrintTheSameAsKamailios() throws Exception {
        for (Kamcmd kamcmd : List.of(atKamailio, atLocus)) {
            assertThat(kamcmd.print("htable.sets", "local", "gw1", "127.0.0.21")).isEqualTo("Ok. Key set to new value.\n");
            assertThat(kamcmd.print("htable.seti", "local", "maxcalls", "30")).isEqualTo("Ok. Key set to new value.\n");
        }
        // dump: one record per slot; a slot's items (three members each) are anonymous structs.
        for (List<String> command : List.of(List.of("htable.dump", "local"), List.of("htable.get", "local", "gw1"),
                List.of("htable.get", "local", "maxcalls"), List.of("htable.get", "local", "nosuch"),
                List.of("htable.dump", "nosuchtable"))) {
            String[] argv = command.toArray(String[]::new);
            assertThat(atLocus.print(argv)).as(String.join(" ", command)).isEqualTo(atKamailio.print(argv));
        }
    }

    @Test
    void dmqListNodesHasKamailiosMembersPlusKind() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String ours = atLocus.print("dmq.list_nodes");
            assertThat(ours).contains("\tkind: locus\n", "\tstatus: active\n");
            String withoutKind = ours.lines().filter(l -> !l.startsWith("\tkind: "))
                    .collect(Collectors.joining("\n", "", "\n"));
            // Seeded with itself, Kamailio also lists its notification peer (local: 0); its own block is local: 1.
            List<String> theirs = List.of(masked(atKamailio.print("dmq.list_nodes")).split("(?<=}\n)"));
            assertThat(theirs).contains(masked(withoutKind));
        });
    }
}
