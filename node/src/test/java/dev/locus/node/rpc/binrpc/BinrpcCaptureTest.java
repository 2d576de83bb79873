package dev.locus.node.rpc.binrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ten kamcmd exchanges with Kamailio 5.6.3's ctl in the reference capture (kamailio-5.6-uacreg-session.pcap,
 * tcp.port==2049, one TCP stream per line): every packet reads, and writes back byte for byte; and JSON results as
 * Locus's methods return them encode to exactly the bytes Kamailio sent for the same data.
 */
class BinrpcCaptureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Exchange(byte[] request, byte[] reply) {
    }

    private static List<Exchange> session() throws IOException {
        List<String> lines;
        try (InputStream in = BinrpcCaptureTest.class.getResourceAsStream("/binrpc/kamailio-5.6-ctl-session.hex")) {
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        List<Exchange> exchanges = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            assertThat(lines.get(i)).startsWith("req ");
            assertThat(lines.get(i + 1)).startsWith("rep ");
            exchanges.add(new Exchange(HexFormat.of().parseHex(lines.get(i).substring(4)),
                    HexFormat.of().parseHex(lines.get(i + 1).substring(4))));
        }
        return exchanges;
    }

    private static BinrpcPacket packet(byte[] bytes) throws BinrpcFormatException {
        BinrpcPacket.Header h = BinrpcPacket.readHeader(bytes, bytes.length);
        assertThat(h.packetLength()).isEqualTo(bytes.length);
        return BinrpcPacket.of(h, bytes);
    }

    private static byte[] rewritten(byte[] bytes) throws Exception {
        BinrpcPacket p = packet(bytes);
        BinrpcWriter w = new BinrpcWriter(1 << 20);
        for (BinrpcValue v : BinrpcReader.readAll(p.body())) {
            w.value(v);
        }
        return new BinrpcPacket(p.type(), p.cookie(), w.toByteArray()).encode();
    }

    @Test
    void everyCapturedPacketReadsAndWritesBackByteForByte() throws Exception {
        List<Exchange> session = session();
        assertThat(session).hasSize(10);
        List<String> methods = new ArrayList<>();
        for (Exchange e : session) {
            assertThat(rewritten(e.request())).isEqualTo(e.request());
            assertThat(rewritten(e.reply())).isEqualTo(e.reply());
            BinrpcPacket request = packet(e.request());
            assertThat(packet(e.reply()).cookie()).isEqualTo(request.cookie());
            methods.add(((BinrpcValue.Str) BinrpcReader.readAll(request.body()).get(0)).value());
        }
        assertThat(methods).containsExactly("core.version", "uac.reg_active", "uac.reg_info", "no.such", "ul.dump",
                "ul.lookup", "htable.dump", "stats.get_statistics", "ul.add", "ul.lookup");
    }

    @Test
    void kamcmdsArgumentsBecomeTheJsonParamsTheMethodsRead() throws Exception {
        BinrpcPacket ulAdd = packet(session().get(8).request());
        List<BinrpcValue> records = BinrpcReader.readAll(ulAdd.body());
        assertThat(JsonBinrpc.params(records.subList(1, records.size())))
                .isEqualTo(JSON.readTree("[\"location\",\"binaor\",\"sip:binaor@127.0.0.22:5096\",300,0.5,\".\",0,0,31]"));
    }

    /** The reply Locus sends for {@code result}, with the cookie of exchange {@code index}. */
    private static byte[] locusReply(int index, String result) throws Exception {
        BinrpcPacket request = packet(session().get(index).request());
        BinrpcWriter body = new BinrpcWriter(1 << 20);
        JsonBinrpc.writeResult(JSON.readTree(result), body);
        return new BinrpcPacket(BinrpcTypes.REPLY, request.cookie(), body.toByteArray()).encode();
    }

    @Test
    void jsonResultsEncodeToKamailiosOwnBytes() throws Exception {
        List<Exchange> s = session();
        assertThat(locusReply(0, "\"kamailio 5.6.3 (x86_64/linux) \"")).isEqualTo(s.get(0).reply());
        assertThat(locusReply(1, "{\"omode\":1,\"nmode\":1}")).isEqualTo(s.get(1).reply());
        // ul.dump brief: struct_add on arrays, hence [{"Domain": ...}] and [{"AoR": ...}], are named members.
        assertThat(locusReply(4, "{\"Domains\":[{\"Domain\":{\"Domain\":\"location\",\"Size\":1024,\"AoRs\":["
                + "{\"AoR\":\"trunkuser6\"},{\"AoR\":\"trunkuser5\"},{\"AoR\":\"trunkuser2\"},{\"AoR\":\"trunkuser1\"},"
                + "{\"AoR\":\"trunkuser8\"}],\"Stats\":{\"Records\":5,\"Max-Slots\":1}}}]}")).isEqualTo(s.get(4).reply());
        // htable.dump (RET_ARRAY): one record per slot; a slot's items, objects of three members, are anonymous.
        assertThat(locusReply(6, "[" + slot(3, "gw2", "\"5060\"", "str") + "," + slot(4, "gw3", "\"5060\"", "str") + ","
                + slot(6, "gw1", "\"127.0.0.21\"", "str") + "," + slot(8, "maxcalls", "30", "int") + "]"))
                .isEqualTo(s.get(6).reply());
        assertThat(locusReply(7, "[\"usrloc:location_contacts = 5\",\"usrloc:location_expires = 2\","
                + "\"usrloc:location_users = 5\",\"usrloc:registered_users = 5\"]")).isEqualTo(s.get(7).reply());
        // A command that added nothing: {} in JSON, an empty body in binrpc.
        assertThat(locusReply(8, "{}")).isEqualTo(s.get(8).reply());
    }

    private static String slot(int entry, String name, String value, String type) {
        return "{\"entry\":" + entry + ",\"size\":1,\"slot\":[{\"name\":\"" + name + "\",\"value\":" + value
                + ",\"type\":\"" + type + "\"}]}";
    }

    @Test
    void anUnknownMethodIsKamailiosFaultByteForByte() throws Exception {
        Exchange noSuch = session().get(3);
        assertThat(BinrpcCalls.fault(packet(noSuch.request()).cookie(), 500, "command no.such not found"))
                .isEqualTo(noSuch.reply());
    }

    @Test
    void ulLookupsQIsADoubleAndMethodsAnUnsignedInt() throws Exception {
        JsonNode reply = readReply(session().get(5).reply());
        assertThat(reply.at("/0/Contacts/Contact/Q").doubleValue()).isEqualTo(-1.0);
        assertThat(reply.at("/0/Contacts/Contact/Methods").intValue()).isEqualTo(-1);
    }

    /** The reply's records as JSON, for reading members by name (named members as objects). */
    private static JsonNode readReply(byte[] bytes) throws Exception {
        return JsonBinrpc.params(BinrpcReader.readAll(packet(bytes).body()));
    }

    @Test
    void aCapturedReplyIsReadAsKamcmdReadsIt() throws Exception {
        JsonNode info = readReply(session().get(2).reply()).get(0);
        assertThat(info.get("l_uuid").asText()).isEqualTo("trunk_ok");
        assertThat(info.get("socket").asText()).isEqualTo(JsonBinrpc.NULL_STRING);
        assertThat(info.get("timer_expires").isInt()).isTrue();
    }
}
