package dev.locus.registrar.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathValuesTest {

    @Test
    void commasInsideAngleBracketsOrQuotesDoNotSplit() {
        assertThat(PathValues.split("<sip:a;lr>, \"x,y\" <sip:b;lr;p=1,2>")).containsExactly("<sip:a;lr>",
                "\"x,y\" <sip:b;lr;p=1,2>");
        assertThat(PathValues.split("")).isEmpty();
    }
}
