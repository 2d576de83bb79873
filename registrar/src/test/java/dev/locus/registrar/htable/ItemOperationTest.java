package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.HtableMatch;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kamailio's item rules (ht_set_cell_ex, ht_set_cell_expire, ht_cell_value_add), one operation at a time. */
class ItemOperationTest {

    private static final long NOW = 1_800_000_000L;
    private static final HtableSpec EXPIRING = HtableSpec.parse("x=>autoexpire=600");
    private static final HtableSpec KEEPING = HtableSpec.parse("k=>autoexpire=600;updateexpire=0");
    private static final HtableSpec FOREVER = HtableSpec.parse("f=>size=4");
    private static final HtableSpec COUNTING = HtableSpec.parse("c=>autoexpire=60;initval=10");

    private static HtItem run(HtableSpec spec, HtItem stored, ItemOperation.Op op, HtValue value, long amount, long now) {
        Map.Entry<String, HtItem> entry = new AbstractMap.SimpleEntry<>("k1", stored);
        HtItem result = ItemOperation.of(spec, op, value, amount, now).process(entry);
        if (result != null) {
            assertThat(entry.getValue()).isEqualTo(result);
        }
        return result;
    }

    @Test
    void aNewItemLivesAutoexpire() {
        assertThat(run(EXPIRING, null, ItemOperation.Op.SET, HtValue.of("v"), 0, NOW))
                .isEqualTo(new HtItem("k1", HtValue.of("v"), NOW + 600));
    }

    @Test
    void setRestartsTheLifeOnlyWithUpdateexpire() {
        HtItem old = new HtItem("k1", HtValue.of(1), NOW + 5);
        assertThat(run(EXPIRING, old, ItemOperation.Op.SET, HtValue.of(2), 0, NOW).expire()).isEqualTo(NOW + 600);
        assertThat(run(KEEPING, old, ItemOperation.Op.SET, HtValue.of(2), 0, NOW))
                .isEqualTo(new HtItem("k1", HtValue.of(2), NOW + 5));
    }

    @Test
    void anExpiredItemIsSetAsANewOne() {
        HtItem gone = new HtItem("k1", HtValue.of(1), NOW - 1);
        assertThat(run(KEEPING, gone, ItemOperation.Op.SET, HtValue.of(2), 0, NOW).expire()).isEqualTo(NOW + 600);
    }

    @Test
    void anExplicitExpiryWinsOverAutoexpire() {
        assertThat(run(KEEPING, new HtItem("k1", HtValue.of(1), NOW + 5), ItemOperation.Op.SET, HtValue.of("s"), 30, NOW))
                .isEqualTo(new HtItem("k1", HtValue.of("s"), NOW + 30));
    }

    @Test
    void tablesWithoutAutoexpireNeverExpireAnything() {
        assertThat(run(FOREVER, null, ItemOperation.Op.SET, HtValue.of("v"), 30, NOW).expire()).isZero();
        HtItem kept = new HtItem("k1", HtValue.of("v"), 0);
        assertThat(run(FOREVER, kept, ItemOperation.Op.EXPIRE, null, 30, NOW)).isNull();
        assertThat(run(FOREVER, null, ItemOperation.Op.LOAD, HtValue.of("v"), NOW + 30, NOW).expire()).isZero();
    }

    @Test
    void expireSetsSecondsFromNowOrNever() {
        HtItem item = new HtItem("k1", HtValue.of("v"), NOW + 600);
        assertThat(run(EXPIRING, item, ItemOperation.Op.EXPIRE, null, 30, NOW).expire()).isEqualTo(NOW + 30);
        assertThat(run(EXPIRING, item, ItemOperation.Op.EXPIRE, null, 0, NOW).expire()).isZero();
        assertThat(run(EXPIRING, null, ItemOperation.Op.EXPIRE, null, 30, NOW)).isNull();
    }

    @Test
    void incrementsStartFromInitvalAndSkipStrings() {
        assertThat(run(COUNTING, null, ItemOperation.Op.ADD, null, 1, NOW))
                .isEqualTo(new HtItem("k1", HtValue.of(11), NOW + 60));
        assertThat(run(COUNTING, new HtItem("k1", HtValue.of(3), NOW - 1), ItemOperation.Op.ADD, null, -1, NOW))
                .isEqualTo(new HtItem("k1", HtValue.of(9), NOW + 60));
        assertThat(run(COUNTING, new HtItem("k1", HtValue.of(3), NOW + 5), ItemOperation.Op.ADD, null, 2, NOW).value())
                .isEqualTo(HtValue.of(5));
        assertThat(run(COUNTING, new HtItem("k1", HtValue.of("s"), NOW + 5), ItemOperation.Op.ADD, null, 1, NOW)).isNull();
        assertThat(run(EXPIRING, null, ItemOperation.Op.ADD, null, 1, NOW)).isNull();
        assertThat(run(FOREVER, new HtItem("k1", HtValue.of(Integer.MAX_VALUE), 0), ItemOperation.Op.ADD, null, 1, NOW)
                .value()).isEqualTo(HtValue.of(Integer.MIN_VALUE));
    }

    @Test
    void loadedItemsKeepAFutureExpiryElseLiveAutoexpire() {
        assertThat(run(EXPIRING, null, ItemOperation.Op.LOAD, HtValue.of("v"), NOW + 100, NOW).expire()).isEqualTo(NOW + 100);
        assertThat(run(EXPIRING, null, ItemOperation.Op.LOAD, HtValue.of("v"), 0, NOW).expire()).isEqualTo(NOW + 600);
        assertThat(run(EXPIRING, null, ItemOperation.Op.LOAD, HtValue.of("v"), NOW - 100, NOW).expire()).isEqualTo(NOW + 600);
    }

    @Test
    void matchesByRegexAnywhereOrByPrefixOnNameOrStringValue() {
        HtItem item = new HtItem("user:alice", HtValue.of("10.0.0.1"), 0);
        assertThat(new HtableMatch(HtableMatch.Kind.REGEX, false, "ali").matches(item)).isTrue();
        assertThat(new HtableMatch(HtableMatch.Kind.PREFIX, false, "ali").matches(item)).isFalse();
        assertThat(new HtableMatch(HtableMatch.Kind.PREFIX, true, "10.0.").matches(item)).isTrue();
        assertThat(new HtableMatch(HtableMatch.Kind.REGEX, true, "^1").matches(new HtItem("n", HtValue.of(1), 0))).isFalse();
    }
}
