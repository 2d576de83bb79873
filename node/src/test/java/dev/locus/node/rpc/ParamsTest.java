package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    private final ObjectMapper json = new ObjectMapper();

    private Params params(String params) throws Exception {
        return new Params(json.readTree(params));
    }

    private static void assertInvalidParams(ThrowingCall call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(RpcException.class)
                .hasMessage(message)
                .extracting(e -> ((RpcException) e).code()).isEqualTo(-32602);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void positionalParamsAreReadByIndex() throws Exception {
        Params p = params("[\"location\", 120, 0.5]");
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.string(0, "table")).isEqualTo("location");
        assertThat(p.integer(1, "expires")).isEqualTo(120);
        assertThat(p.number(2, "q")).isEqualTo(0.5);
    }

    @Test
    void namedParamsAreReadInOrderWithTheirNamesIgnored() throws Exception {
        Params p = params("{\"aor\": \"alice\", \"table\": \"location\"}");
        assertThat(p.string(0, "table")).isEqualTo("alice");
        assertThat(p.string(1, "aor")).isEqualTo("location");
    }

    @Test
    void absentParamsAreEmpty() {
        assertThat(new Params(null).size()).isZero();
    }

    @Test
    void aMissingRequiredParamIsNamedWithItsPositionFromOne() throws Exception {
        Params p = params("[\"location\"]");
        assertInvalidParams(() -> p.string(1, "aor"), "missing parameter aor (position 2)");
        assertInvalidParams(() -> p.integer(3, "expires"), "missing parameter expires (position 4)");
        assertInvalidParams(() -> p.number(4, "q"), "missing parameter q (position 5)");
    }

    @Test
    void aStringWhereAnIntegerIsExpectedIsAnErrorNotZero() throws Exception {
        Params p = params("[\"120\"]");
        assertInvalidParams(() -> p.integer(0, "expires"),
                "parameter expires (position 1) must be an integer, not string \"120\"");
    }

    @Test
    void aFractionWhereAnIntegerIsExpectedIsAnErrorNotTruncated() throws Exception {
        Params p = params("[1.5, 1.0]");
        assertInvalidParams(() -> p.integer(0, "expires"),
                "parameter expires (position 1) must be an integer, not number 1.5");
        assertInvalidParams(() -> p.optionalInteger(1, "expires"),
                "parameter expires (position 2) must be an integer, not number 1.0");
    }

    @Test
    void anIntegerBeyond64BitsIsAnError() throws Exception {
        Params p = params("[123456789012345678901234567890]");
        assertInvalidParams(() -> p.integer(0, "flags"),
                "parameter flags (position 1) must be an integer, not number 123456789012345678901234567890");
    }

    @Test
    void aNumberWhereAStringIsExpectedIsAnError() throws Exception {
        Params p = params("[1, true, {\"a\": 1}]");
        assertInvalidParams(() -> p.string(0, "table"), "parameter table (position 1) must be a string, not number 1");
        assertInvalidParams(() -> p.optionalString(1, "mode"), "parameter mode (position 2) must be a string, not boolean true");
        assertInvalidParams(() -> p.string(2, "aor"), "parameter aor (position 3) must be a string, not object {\"a\":1}");
    }

    @Test
    void aNumberAcceptsIntegersAndFractionsButNotStrings() throws Exception {
        Params p = params("[1, -0.25, \"1\"]");
        assertThat(p.number(0, "q")).isEqualTo(1.0);
        assertThat(p.number(1, "q")).isEqualTo(-0.25);
        assertInvalidParams(() -> p.number(2, "q"), "parameter q (position 3) must be a number, not string \"1\"");
    }

    @Test
    void optionalParamsAreEmptyWhenAbsentOrNull() throws Exception {
        Params p = params("[\"brief\", null]");
        assertThat(p.optionalString(0, "mode")).contains("brief");
        assertThat(p.optionalString(1, "received")).isEmpty();
        assertThat(p.optionalString(2, "socket")).isEmpty();
        assertThat(p.optionalInteger(1, "flags")).isEmpty();
        assertThat(params("[7]").optionalInteger(0, "flags")).contains(7L);
    }

    @Test
    void aNullForARequiredParamCountsAsMissing() throws Exception {
        Params p = params("[null]");
        assertInvalidParams(() -> p.string(0, "table"), "missing parameter table (position 1)");
    }

    @Test
    void stringsCollectTheRestAndNameTheFirstNonString() throws Exception {
        assertThat(params("[\"all\", \"usrloc:\", \"registered_users\"]").strings(1, "statistic"))
                .containsExactly("usrloc:", "registered_users");
        assertThat(params("[]").strings(0, "statistic")).isEmpty();
        Params p = params("[\"usrloc:\", 5]");
        assertInvalidParams(() -> p.strings(0, "statistic"),
                "parameter statistic (position 2) must be a string, not number 5");
    }

    @Test
    void aLongWrongValueIsShortenedInTheMessage() throws Exception {
        Params p = params("[\"" + "x".repeat(100) + "\"]");
        assertThatThrownBy(() -> p.integer(0, "expires"))
                .hasMessageEndingWith("...")
                .hasMessageNotContaining("x".repeat(60));
    }
}
