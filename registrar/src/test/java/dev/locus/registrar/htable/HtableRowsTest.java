package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HtableRowsTest {

    private static final long NOW = 1_800_000_000L;
    private static final HtableSpec PLAIN = HtableSpec.parse("t=>dbtable=htable");
    private static final HtableSpec EXPIRING = HtableSpec.parse("t=>dbtable=htable;autoexpire=300");
    private static final HtableSpec COLS = HtableSpec.parse("t=>dbtable=gw;cols='name,addr,port,note'");

    private static HtableRow row(int n, String name, String keyType, String valueType, String value) {
        return HtableRow.of(n, name, keyType, valueType, value);
    }

    private static Map<String, HtValue> values(HtableLoad load) {
        return load.items().stream().collect(Collectors.toMap(HtItem::name, HtItem::value));
    }

    @Test
    void columnsAreKamailiosDefaultsWithExpiresOnlyWhenRead() {
        assertThat(HtableRows.columns(PLAIN, true)).containsExactly("key_name", "key_type", "value_type", "key_value");
        assertThat(HtableRows.columns(EXPIRING, false)).containsExactly("key_name", "key_type", "value_type", "key_value");
        assertThat(HtableRows.columns(EXPIRING, true))
                .containsExactly("key_name", "key_type", "value_type", "key_value", "expires");
        assertThat(HtableRows.columns(COLS, true)).containsExactly("name", "addr", "port", "note");
    }

    @Test
    void stringsAndIntegers() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(
                row(1, "gw", "0", "0", "10.0.0.1"),
                row(2, "max", "0", "1", "-30"),
                row(3, "plus", "0", "1", "+7"),
                row(4, "empty", "0", "1", ""),
                row(5, "digits", "0", "0", "0042")));
        assertThat(values(load)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gw", HtValue.of("10.0.0.1"), "max", HtValue.of(-30), "plus", HtValue.of(7), "empty", HtValue.of(0),
                "digits", HtValue.of("0042")));
        assertThat(load.items()).allSatisfy(i -> assertThat(i.expire()).isZero());
        assertThat(load.skipped()).isEmpty();
    }

    @Test
    void arraysAreIndexedPerNameWithTheirSize() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(
                row(1, "a", "1", "0", "x"),
                row(2, "a", "1", "1", "5"),
                row(3, "b", "0", "0", "plain"),
                row(4, "c", "1", "0", "y"),
                row(5, "d", "1", "0", "z")));
        assertThat(values(load)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a[0]", HtValue.of("x"), "a[1]", HtValue.of(5), "a::size", HtValue.of(2),
                "b", HtValue.of("plain"),
                "c[0]", HtValue.of("y"), "c::size", HtValue.of(1),
                "d[0]", HtValue.of("z"), "d::size", HtValue.of(1)));
    }

    @Test
    void aSkippedRowTakesNoArrayIndex() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(
                row(1, "a", "1", "0", "x"),
                row(2, "a", "1", "1", "NaN"),
                row(3, "a", "1", "0", "y")));
        assertThat(values(load)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a[0]", HtValue.of("x"), "a[1]", HtValue.of("y"), "a::size", HtValue.of(2)));
        assertThat(load.skipped()).singleElement().satisfies(s -> {
            assertThat(s.row()).isEqualTo(2);
            assertThat(s.key()).isEqualTo("a");
            assertThat(s.reason()).contains("value_type is 1").contains("'NaN'");
        });
    }

    @Test
    void badRowsAreSkippedWithTheirReasonAndTheRestLoads() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(
                row(1, null, "0", "0", "v"),
                row(2, "int", "0", "1", "12ab"),
                row(3, "big", "0", "1", "2147483648"),
                row(4, "ktype", "2", "0", "v"),
                row(5, "vtype", "0", "7", "v"),
                row(6, "nullvalue", "0", "0", null),
                row(7, "text", "x", "0", "v"),
                row(8, "good", "0", "0", "v")));
        assertThat(values(load)).containsExactly(Map.entry("good", HtValue.of("v")));
        assertThat(load.skipped()).extracting(HtableLoad.Skipped::row).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(load.skipped()).extracting(HtableLoad.Skipped::reason).containsExactly(
                "its key (key_name) is NULL",
                "value_type is 1 (integer) but key_value '12ab' is not a 32-bit integer",
                "value_type is 1 (integer) but key_value '2147483648' is not a 32-bit integer",
                "unknown key_type 2 (0 a plain item, 1 an array element)",
                "unknown value_type 7 (0 a string, 1 an integer)",
                "its key_value is NULL",
                "key_type 'x' is not a number");
    }

    @Test
    void nullTypesReadZeroAsKamailiosDriverGivesThem() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(row(1, "k", null, null, "v")));
        assertThat(values(load)).containsExactly(Map.entry("k", HtValue.of("v")));
    }

    @Test
    void expiresIsAbsoluteAndPastRowsAreLeftOut() {
        List<HtableRow> rows = List.of(
                HtableRow.of(1, "future", "0", "0", "f", Long.toString(NOW + 100)),
                HtableRow.of(2, "never", "0", "0", "n", "0"),
                HtableRow.of(3, "now", "0", "0", "o", Long.toString(NOW)),
                HtableRow.of(4, "past", "0", "0", "p", Long.toString(NOW - 1)));
        HtableLoad load = HtableRows.read(EXPIRING, true, NOW, rows);
        assertThat(load.items()).containsExactly(new HtItem("future", HtValue.of("f"), NOW + 100),
                new HtItem("never", HtValue.of("n"), 0), new HtItem("now", HtValue.of("o"), NOW));
        assertThat(load.expired()).isEqualTo(1);
        assertThat(load.skipped()).isEmpty();
    }

    @Test
    void anExpiredArrayRowDoesNotBreakTheArray() {
        HtableLoad load = HtableRows.read(EXPIRING, true, NOW, List.of(
                HtableRow.of(1, "a", "1", "0", "x", "0"),
                HtableRow.of(2, "a", "1", "0", "old", "1"),
                HtableRow.of(3, "a", "1", "0", "y", "0")));
        assertThat(values(load)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a[0]", HtValue.of("x"), "a[1]", HtValue.of("y"), "a::size", HtValue.of(2)));
    }

    @Test
    void colsFormPacksTheValueColumns() {
        HtableLoad load = HtableRows.read(COLS, true, NOW, List.of(
                HtableRow.of(1, "gw1", "10.0.0.1", "5060", "main"),
                HtableRow.of(2, "gw2", "10.0.0.2", null, ""),
                HtableRow.of(3, null, "10.0.0.3", "5060", "x")));
        assertThat(load.items()).containsExactly(new HtItem("gw1", HtValue.of("10.0.0.1,5060,main"), 0),
                new HtItem("gw2", HtValue.of("10.0.0.2,*,"), 0));
        assertThat(load.skipped()).singleElement().satisfies(s -> {
            assertThat(s.row()).isEqualTo(3);
            assertThat(s.reason()).isEqualTo("its key (name) is NULL");
        });
    }

    @Test
    void aLaterRowOfTheSameNameWins() {
        HtableLoad load = HtableRows.read(PLAIN, false, NOW, List.of(
                row(1, "k", "0", "0", "first"), row(2, "k", "0", "1", "2")));
        assertThat(load.items()).containsExactly(new HtItem("k", HtValue.of(2), 0));
    }

    @Test
    void kamailiosStr2sint() {
        assertThat(HtableRows.kamailioInt("2147483647")).hasValue(Integer.MAX_VALUE);
        assertThat(HtableRows.kamailioInt("-2147483648")).hasValue(Integer.MIN_VALUE);
        assertThat(HtableRows.kamailioInt("-2147483649")).isEmpty();
        assertThat(HtableRows.kamailioInt("-")).hasValue(0);
        assertThat(HtableRows.kamailioInt(" 1")).isEmpty();
        assertThat(HtableRows.kamailioInt("1.5")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void logsShowValuesShortAndPrintable() {
        assertThat(HtableRows.shown("a\nb")).isEqualTo("'a\\x0ab'");
        assertThat(HtableRows.shown("x".repeat(50))).isEqualTo("'" + "x".repeat(40) + "'...");
    }
}
