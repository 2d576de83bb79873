package dev.locus.registrar.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DestinationTest {

    @Test
    void receivedAndSocketFormsAsUsrlocWritesThem() {
        assertThat(Destination.fromUri("sip:1.2.3.4:5080;transport=tcp")).contains(new Destination("tcp", "1.2.3.4", 5080));
        assertThat(Destination.fromUri("sip:1.2.3.4")).contains(new Destination("udp", "1.2.3.4", 5060));
        assertThat(Destination.fromUri("sips:1.2.3.4")).contains(new Destination("tls", "1.2.3.4", 5061));
        assertThat(Destination.fromUri("tel:+123")).isEmpty();
        assertThat(Destination.fromSocket("udp:[::1]:5060")).contains(new Destination("udp", "[::1]", 5060));
        assertThat(Destination.fromSocket("udp:1.2.3.4")).isEmpty();
        assertThat(Destination.fromSocket("udp:1.2.3.4:70000")).isEmpty();
    }

    @Test
    void theAliasFormRoundTripsAndRefusesNonsense() {
        Destination d = new Destination("tcp", "203.0.113.9", 40000);
        assertThat(d.alias()).isEqualTo("203.0.113.9~40000~2");
        assertThat(Destination.fromAlias(d.alias())).contains(d);
        assertThat(Destination.fromAlias("1.2.3.4~0~1")).isEmpty();
        assertThat(Destination.fromAlias("1.2.3.4~5060~9")).isEmpty();
        assertThat(Destination.fromAlias("1.2.3.4~x~1")).isEmpty();
        assertThat(Destination.fromAlias("1.2.3.4")).isEmpty();
    }
}
