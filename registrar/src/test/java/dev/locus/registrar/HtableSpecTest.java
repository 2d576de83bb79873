package dev.locus.registrar;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtableSpecTest {

    @Test
    void readsEveryParameterOfKamailiosSyntax() {
        HtableSpec spec = HtableSpec.parse("tbl=>size=8;autoexpire=300;updateexpire=0;initval=-2;dmqreplicate=1;"
                + "dbtable=htable;cols='key_name,key_value';dbmode=0");
        assertThat(spec).isEqualTo(new HtableSpec("tbl", 256, 300, false, OptionalInt.of(-2), "htable",
                List.of("key_name", "key_value"), true));
        assertThat(spec.expires()).isTrue();
    }

    @Test
    void defaultsAreKamailios() {
        HtableSpec spec = HtableSpec.parse("plain=>");
        assertThat(spec.slots()).isEqualTo(16);
        assertThat(spec.autoexpire()).isZero();
        assertThat(spec.updateexpire()).isTrue();
        assertThat(spec.initval()).isEmpty();
        assertThat(spec.dmqreplicate()).isFalse();
        assertThat(spec.dbtable()).isEmpty();
    }

    @Test
    void slotCountFollowsKamailiosBounds() {
        assertThat(HtableSpec.parse("a=>size=1").slots()).isEqualTo(8);
        assertThat(HtableSpec.parse("a=>size=0").slots()).isEqualTo(8);
        assertThat(HtableSpec.parse("a=>size=2").slots()).isEqualTo(4);
        assertThat(HtableSpec.parse("a=>size=32").slots()).isEqualTo(1 << 14);
    }

    @Test
    void severalDefinitionsAreSeparatedByWhiteSpace() {
        List<HtableSpec> specs = HtableSpec.parseAll(" ipban=>size=8;autoexpire=300\n  dmqt=>size=8;dmqreplicate=1 ");
        assertThat(specs).extracting(HtableSpec::name).containsExactly("ipban", "dmqt");
        assertThat(HtableSpec.parseAll("  ")).isEmpty();
    }

    @Test
    void namesTheOffendingPart() {
        assertThatThrownBy(() -> HtableSpec.parse("t=>size=8;autoexpir=3")).hasMessageContaining("'autoexpir'");
        assertThatThrownBy(() -> HtableSpec.parse("t=>autoexpire=soon")).hasMessageContaining("autoexpire=soon");
        assertThatThrownBy(() -> HtableSpec.parse("t=>initval=99999999999")).hasMessageContaining("initval=99999999999");
        assertThatThrownBy(() -> HtableSpec.parse("size=8")).hasMessageContaining("no name=>");
        assertThatThrownBy(() -> HtableSpec.parse("t=>cols='a,b'")).hasMessageContaining("cols without dbtable");
        assertThatThrownBy(() -> HtableSpec.parse("t=>dbtable=htable;cols='a'")).hasMessageContaining("two column");
        assertThatThrownBy(() -> HtableSpec.parse("t=>dbmode=1")).hasMessageContaining("dbmode=1");
        assertThatThrownBy(() -> HtableSpec.parse("t=>cols='a,b")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> HtableSpec.parseAll("t=> t=>size=2")).hasMessageContaining("defined twice");
    }
}
