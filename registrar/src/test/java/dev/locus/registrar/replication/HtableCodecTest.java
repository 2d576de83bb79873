package dev.locus.registrar.replication;

import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableMatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies captured from Kamailio 5.6.3 (reference dmq-protocol.md §9.3, §9.6, §9.7). */
class HtableCodecTest {

    private static final String SETS = "{\"action\":2,\"htname\":\"dmqt\",\"cname\":\"s1\",\"type\":2,\"strval\":\"hello\",\"mode\":1}";
    private static final String SETI = "{\"action\":2,\"htname\":\"dmqt\",\"cname\":\"i1\",\"type\":0,\"intval\":42,\"mode\":1}";
    private static final String SETEX = "{\"action\":3,\"htname\":\"dmqx\",\"cname\":\"ix\",\"type\":0,\"intval\":400,\"mode\":0}";
    private static final String DELETE = "{\"action\":4,\"htname\":\"dmqt\",\"cname\":\"s1\",\"mode\":0}";
    private static final String RM_NAME_RE = "{\"action\":5,\"htname\":\"dmqt\",\"type\":2,\"strval\":\"^tmp\",\"mode\":0}";
    private static final String RM_VALUE_RE = "{\"action\":5,\"htname\":\"dmqt\",\"type\":2,\"strval\":\"^gone\",\"mode\":1}";
    private static final String RM_NAME_SW = "{\"action\":6,\"htname\":\"dmqt\",\"type\":2,\"strval\":\"pre\",\"mode\":0}";
    private static final String INC = "{\"action\":2,\"htname\":\"dmqt\",\"cname\":\"counter\",\"type\":0,\"intval\":6,\"mode\":1}";
    private static final String CELLS = "{\"cells\":[{\"htname\":\"dmqx\",\"cname\":\"sx\",\"type\":2,\"strval\":\"with-expire\",\"expire\":1795368174},{\"htname\":\"dmqx\",\"cname\":\"pvkey\",\"type\":2,\"strval\":\"set-by-pv\",\"expire\":1795368150},{\"htname\":\"dmqx\",\"cname\":\"ix\",\"type\":0,\"intval\":7,\"expire\":1795368455},{\"htname\":\"dmqt\",\"cname\":\"i1\",\"type\":0,\"intval\":42,\"expire\":0},{\"htname\":\"dmqt\",\"cname\":\"keep2\",\"type\":0,\"intval\":2,\"expire\":0},{\"htname\":\"dmqt\",\"cname\":\"keep1\",\"type\":2,\"strval\":\"v1\",\"expire\":0}]}";

    private final HtableCodec codec = new HtableCodec();

    @Test
    void writesEveryActionByteForByteAsKamailio() {
        assertThat(codec.action(new HtableChange.Set("dmqt", "s1", HtValue.of("hello")))).isEqualTo(SETS);
        assertThat(codec.action(new HtableChange.Set("dmqt", "i1", HtValue.of(42)))).isEqualTo(SETI);
        assertThat(codec.action(new HtableChange.Set("dmqt", "counter", HtValue.of(6)))).isEqualTo(INC);
        assertThat(codec.action(new HtableChange.Expire("dmqx", "ix", 400))).isEqualTo(SETEX);
        assertThat(codec.action(new HtableChange.Delete("dmqt", "s1"))).isEqualTo(DELETE);
        assertThat(codec.action(new HtableChange.RemoveMatching("dmqt", new HtableMatch(HtableMatch.Kind.REGEX, false, "^tmp"))))
                .isEqualTo(RM_NAME_RE);
        assertThat(codec.action(new HtableChange.RemoveMatching("dmqt", new HtableMatch(HtableMatch.Kind.REGEX, true, "^gone"))))
                .isEqualTo(RM_VALUE_RE);
        assertThat(codec.action(new HtableChange.RemoveMatching("dmqt", new HtableMatch(HtableMatch.Kind.PREFIX, false, "pre"))))
                .isEqualTo(RM_NAME_SW);
        assertThat(codec.syncRequest()).isEqualTo("{\"action\":1}");
    }

    @Test
    void writesSyncCellsAsKamailio() {
        List<HtableCodec.Cell> cells = List.of(
                new HtableCodec.Cell("dmqx", new HtItem("sx", HtValue.of("with-expire"), 1795368174)),
                new HtableCodec.Cell("dmqx", new HtItem("pvkey", HtValue.of("set-by-pv"), 1795368150)),
                new HtableCodec.Cell("dmqx", new HtItem("ix", HtValue.of(7), 1795368455)),
                new HtableCodec.Cell("dmqt", new HtItem("i1", HtValue.of(42), 0)),
                new HtableCodec.Cell("dmqt", new HtItem("keep2", HtValue.of(2), 0)),
                new HtableCodec.Cell("dmqt", new HtItem("keep1", HtValue.of("v1"), 0)));
        assertThat(codec.cells(cells)).containsExactly(CELLS);
    }

    @Test
    void nothingToSyncIsStillOneEmptyMessage() {
        assertThat(codec.cells(List.of())).containsExactly("{\"cells\":[]}");
    }

    @Test
    void splitsSyncDataWhereKamailiosEstimateReachesSixtyThousandBytes() {
        // Each cell: 54 + 4 (htname) + 5 (cname) + 1 (type) + 100 (value) + 10 (expire) = 174; after 12 bytes of
        // envelope, the 345th cell takes the estimate to 60,042: the first message ends with it.
        String value = "v".repeat(100);
        List<HtableCodec.Cell> cells = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            cells.add(new HtableCodec.Cell("dmqx", new HtItem(String.format("k%04d", i), HtValue.of(value), 1795368174)));
        }
        assertThat(HtableCodec.estimate(cells.get(0))).isEqualTo(174);
        List<String> messages = codec.cells(cells);
        assertThat(messages).hasSize(2);
        List<HtableCodec.Cell> first = ((HtableCodec.Cells) codec.read(messages.get(0))).cells();
        List<HtableCodec.Cell> second = ((HtableCodec.Cells) codec.read(messages.get(1))).cells();
        assertThat(first).hasSize(345);
        assertThat(second).hasSize(55);
        assertThat(first.get(0)).isEqualTo(cells.get(0));
        assertThat(second.get(54)).isEqualTo(cells.get(399));
        assertThat(messages.get(0).length()).isLessThan(65_000);
    }

    @Test
    void aCellsLastMessageIsEmptyWhenTheEstimateEndedTheOneBefore() {
        // One cell of exactly 59,988 estimated bytes fills the first message: the final one is empty, as Kamailio's.
        String value = "v".repeat(60_000 - 12 - (54 + 1 + 1 + 1 + 1));
        List<String> messages = codec.cells(List.of(new HtableCodec.Cell("t", new HtItem("k", HtValue.of(value), 0))));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1)).isEqualTo("{\"cells\":[]}");
    }

    @Test
    void readsEveryCapturedAction() {
        assertThat(codec.read(SETS)).isEqualTo(new HtableCodec.Change(new HtableChange.Set("dmqt", "s1", HtValue.of("hello"))));
        assertThat(codec.read(SETI)).isEqualTo(new HtableCodec.Change(new HtableChange.Set("dmqt", "i1", HtValue.of(42))));
        assertThat(codec.read(SETEX)).isEqualTo(new HtableCodec.Change(new HtableChange.Expire("dmqx", "ix", 400)));
        assertThat(codec.read(DELETE)).isEqualTo(new HtableCodec.Change(new HtableChange.Delete("dmqt", "s1")));
        assertThat(codec.read(RM_VALUE_RE)).isEqualTo(new HtableCodec.Change(new HtableChange.RemoveMatching("dmqt",
                new HtableMatch(HtableMatch.Kind.REGEX, true, "^gone"))));
        assertThat(codec.read(RM_NAME_SW)).isEqualTo(new HtableCodec.Change(new HtableChange.RemoveMatching("dmqt",
                new HtableMatch(HtableMatch.Kind.PREFIX, false, "pre"))));
        assertThat(codec.read("{\"action\":1}")).isInstanceOf(HtableCodec.SyncRequest.class);
    }

    @Test
    void readsCapturedCellsAndSkipsTheOnesKamailioSkips() {
        List<HtableCodec.Cell> cells = ((HtableCodec.Cells) codec.read(CELLS)).cells();
        assertThat(cells).hasSize(6);
        assertThat(cells.get(2)).isEqualTo(new HtableCodec.Cell("dmqx", new HtItem("ix", HtValue.of(7), 1795368455)));
        String odd = "{\"cells\":[{\"htname\":\"t\",\"cname\":\"\",\"type\":0,\"intval\":1,\"expire\":0},"
                + "{\"htname\":\"t\",\"cname\":\"a\",\"type\":0,\"intval\":1,\"expire\":0,\"extra\":1},"
                + "{\"htname\":\"t\",\"cname\":\"b\",\"type\":2,\"expire\":0}]}";
        assertThat(((HtableCodec.Cells) codec.read(odd)).cells())
                .containsExactly(new HtableCodec.Cell("t", new HtItem("a", HtValue.of(1), 0)));
    }

    @Test
    void readsNumbersAsSrjsonDoes() {
        assertThat(codec.read("{\"action\":2,\"htname\":\"t\",\"cname\":\"n\",\"type\":0,\"intval\":7.9}"))
                .as("no mode, a fraction").isEqualTo(new HtableCodec.Change(new HtableChange.Set("t", "n", HtValue.of(7))));
    }

    @Test
    void refusesWhatKamailioRefusesWithTheSameCode() {
        assertRefused(SETS.replace("\"mode\":1", "\"mode\":1,\"last_modified\":1"), true);
        assertRefused("not json", true);
        assertRefused("{}", true);
        assertRefused("[1]", true);
        assertRefused("{\"action\":2,\"htname\":\"t\",\"type\":2,\"strval\":\"x\",\"mode\":1}", true);
        assertRefused("{\"action\":2,\"htname\":null,\"cname\":\"a\",\"type\":2,\"strval\":\"x\",\"mode\":1}", true);
        assertRefused("{\"action\":0}", false);
        assertRefused("{\"htname\":\"t\"}", false);
        assertRefused("{\"action\":9,\"htname\":\"t\"}", false);
        assertRefused("{\"action\":5,\"htname\":\"t\",\"type\":2,\"strval\":\"(\",\"mode\":0}", false);
    }

    private void assertRefused(String body, boolean badRequest) {
        assertThatThrownBy(() -> codec.read(body)).as(body).isInstanceOfSatisfying(HtableCodec.Refused.class,
                e -> assertThat(e.badRequest()).as(body).isEqualTo(badRequest));
    }
}
