package dev.locus.node.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CtlArgumentsTest {

    private static String typed(String word) {
        return CtlArguments.typed(word).toString();
    }

    @Test
    void wholeIntegersAreSentAsIntegers() {
        assertThat(typed("120")).isEqualTo("120");
        assertThat(typed("-1")).isEqualTo("-1");
        assertThat(typed("+7")).isEqualTo("7");
        assertThat(typed("4294967295")).isEqualTo("4294967295");
    }

    @Test
    void decimalsAreSentAsDoubles() {
        assertThat(typed("0.5")).isEqualTo("0.5");
        assertThat(typed("1.0")).isEqualTo("1.0");
        assertThat(typed("-.25")).isEqualTo("-0.25");
        assertThat(typed("1e3")).isEqualTo("1000.0");
        assertThat(typed("7.")).isEqualTo("7.0");
    }

    @Test
    void anIntegerTooLongFor64BitsIsSentAsADouble() {
        assertThat(CtlArguments.typed("123456789012345678901234567890").isDouble()).isTrue();
    }

    @Test
    void anythingElseIsAString() {
        assertThat(typed("location")).isEqualTo("\"location\"");
        assertThat(typed("sip:alice@192.0.2.1:5060")).isEqualTo("\"sip:alice@192.0.2.1:5060\"");
        assertThat(typed("usrloc:")).isEqualTo("\"usrloc:\"");
        assertThat(typed("127.0.0.1")).isEqualTo("\"127.0.0.1\"");
        assertThat(typed("5060 ")).isEqualTo("\"5060 \"");
        assertThat(typed("0x10")).isEqualTo("\"0x10\"");
        assertThat(typed("1d")).isEqualTo("\"1d\"");
    }

    @Test
    void wordsJsonCannotHoldAsNumbersStayStrings() {
        assertThat(typed("inf")).isEqualTo("\"inf\"");
        assertThat(typed("NaN")).isEqualTo("\"NaN\"");
        assertThat(typed("1e999")).isEqualTo("\"1e999\"");
        assertThat(typed("")).isEqualTo("\"\"");
    }

    @Test
    void theSPrefixForcesAString() {
        assertThat(typed("s:5060")).isEqualTo("\"5060\"");
        assertThat(typed("s:0.5")).isEqualTo("\"0.5\"");
        assertThat(typed("s:")).isEqualTo("\"\"");
        assertThat(typed("s:s:x")).isEqualTo("\"s:x\"");
    }

    @Test
    void paramsKeepTheWordsOrder() {
        assertThat(CtlArguments.toParams(List.of("location", "alice", "sip:a@b", "120", "0.5", ".", "0", "0", "31")).toString())
                .isEqualTo("[\"location\",\"alice\",\"sip:a@b\",120,0.5,\".\",0,0,31]");
    }
}
