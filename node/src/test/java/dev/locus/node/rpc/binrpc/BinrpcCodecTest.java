package dev.locus.node.rpc.binrpc;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** binrpc's records and headers, against the encodings of Kamailio's ctl/binrpc.h (uacreg-and-rpc.md §13). */
class BinrpcCodecTest {

    private static String hex(BinrpcWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }

    private static BinrpcWriter writer() {
        return new BinrpcWriter(1 << 16);
    }

    private static List<BinrpcValue> read(String hex) throws BinrpcFormatException {
        return BinrpcReader.readAll(HexFormat.of().parseHex(hex));
    }

    @Test
    void integersTakeTheFewestBytesWithLeadingZeroBytesDropped() throws Exception {
        assertThat(hex(writer().integer(0))).isEqualTo("00");
        assertThat(hex(writer().integer(1))).isEqualTo("1001");
        assertThat(hex(writer().integer(300))).isEqualTo("20012c");
        assertThat(hex(writer().integer(128))).isEqualTo("1080");
        assertThat(hex(writer().integer(-1))).isEqualTo("40ffffffff");
        assertThat(hex(writer().integer((int) 3778790107L))).isEqualTo("40e13bc2db");
        assertThat(read("40e13bc2db")).containsExactly(new BinrpcValue.Int(-516177189));
        assertThat(read("1080")).containsExactly(new BinrpcValue.Int(128));
    }

    @Test
    void stringsCarryTheirNulAndLongLengthsInSeparateBytes() throws Exception {
        assertThat(hex(writer().string("l_uuid"))).isEqualTo("716c5f7575696400");
        assertThat(hex(writer().string("core.version"))).isEqualTo("910d636f72652e76657273696f6e00");
        assertThat(hex(writer().string(""))).isEqualTo("1100");
        String longer = "x".repeat(300);
        assertThat(hex(writer().string(longer))).startsWith("a1012d78");
        assertThat(read(hex(writer().string(longer)))).containsExactly(new BinrpcValue.Str(longer));
        assertThat(read(hex(writer().string("zürich")))).containsExactly(new BinrpcValue.Str("zürich"));
    }

    @Test
    void doublesAreThousandthsInUpToEightBytes() throws Exception {
        assertThat(hex(writer().decimal(0.5))).isEqualTo("2201f4");
        assertThat(hex(writer().decimal(-1))).isEqualTo("82fffffffffffffc18");
        assertThat(hex(writer().decimal(0))).isEqualTo("02");
        assertThat(read("2201f4")).containsExactly(new BinrpcValue.Dbl(0.5));
        assertThat(read("82fffffffffffffc18")).containsExactly(new BinrpcValue.Dbl(-1));
    }

    @Test
    void structsHoldNamedAndAnonymousMembersAndNest() throws Exception {
        BinrpcValue value = new BinrpcValue.Struct(List.of(
                BinrpcValue.Member.named("omode", new BinrpcValue.Int(1)),
                BinrpcValue.Member.named("slot", new BinrpcValue.Struct(List.of(
                        BinrpcValue.Member.anonymous(new BinrpcValue.Str("a")),
                        BinrpcValue.Member.anonymous(new BinrpcValue.Struct(List.of())))))));
        String bytes = hex(writer().value(value));
        assertThat(bytes).isEqualTo("03" + "656f6d6f646500" + "1001" + "55736c6f7400" + "03" + "216100" + "0383" + "83" + "83");
        assertThat(read(bytes)).containsExactly(value);
        // An ARRAY record (never sent by Kamailio's RPC layer) reads as a struct of anonymous members.
        assertThat(read("04100184")).containsExactly(new BinrpcValue.Struct(List.of(
                BinrpcValue.Member.anonymous(new BinrpcValue.Int(1)))));
    }

    @Test
    void headersUseMinimalLengthAndCookieFieldsAndReadBack() throws Exception {
        byte[] request = new BinrpcPacket(BinrpcTypes.REQUEST, 0x279ca6ce,
                writer().string("core.version").toByteArray()).encode();
        assertThat(HexFormat.of().formatHex(request)).startsWith("a1030f279ca6ce910d");
        BinrpcPacket.Header h = BinrpcPacket.readHeader(request, request.length);
        assertThat(h).isEqualTo(new BinrpcPacket.Header(BinrpcTypes.REQUEST, 15, 0x279ca6ce, 7));
        assertThat(HexFormat.of().formatHex(new BinrpcPacket(BinrpcTypes.REPLY, 0x51a95431, new byte[0]).encode()))
                .isEqualTo("a1130051a95431");
        assertThat(HexFormat.of().formatHex(new BinrpcPacket(BinrpcTypes.REPLY, 7, new byte[401]).encode()))
                .startsWith("a1140191" + "07");
        assertThat(BinrpcPacket.readHeader(request, 3)).as("not all of it yet").isNull();
    }

    @Test
    void malformedInputIsRefusedWithKamailiosPhrases() {
        assertThatThrownBy(() -> BinrpcPacket.readHeader(HexFormat.of().parseHex("474554202f"), 5))
                .hasMessage("corrupted packet");
        assertThatThrownBy(() -> BinrpcPacket.readHeader(HexFormat.of().parseHex("a1230f01"), 4))
                .as("packet type 2 does not exist").hasMessage("corrupted packet");
        assertThatThrownBy(() -> read("910d636f7265")).hasMessage("more data needed");
        assertThatThrownBy(() -> read("0f")).hasMessage("record doesn't match type");
        assertThatThrownBy(() -> read("656f6d6f6465001001")).as("a member outside a struct")
                .hasMessage("record doesn't match type");
        assertThatThrownBy(() -> read("83")).as("an end with no start").hasMessage("bad record");
        assertThatThrownBy(() -> read("03")).as("a struct never ended").hasMessage("more data needed");
        assertThatThrownBy(() -> read("0384")).as("a struct ended as an array").hasMessage("bad record");
        assertThatThrownBy(() -> read("01")).as("a string without its NUL").hasMessage("bad record");
        assertThatThrownBy(() -> read("d1ffffffff")).as("5 length bytes").hasMessage("bad record");
        assertThatThrownBy(() -> read("5000000000ff")).as("an int of 5 bytes").hasMessage("bad record");
    }

    @Test
    void nestingIsBoundedSoAHostilePacketCannotExhaustTheStack() {
        String deep = "03".repeat(10_000) + "83".repeat(10_000);
        assertThatThrownBy(() -> read(deep)).hasMessage("bad record");
        String allowed = "03".repeat(BinrpcReader.MAX_DEPTH) + "83".repeat(BinrpcReader.MAX_DEPTH);
        org.assertj.core.api.Assertions.assertThatCode(() -> read(allowed)).doesNotThrowAnyException();
    }

    @Test
    void theWriterStopsAtItsLimit() throws Exception {
        BinrpcWriter small = new BinrpcWriter(16);
        small.string("0123456789");
        assertThatThrownBy(() -> small.string("0123456789")).isInstanceOf(BinrpcOverflowException.class);
    }
}
