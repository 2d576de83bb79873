package dev.locus.node.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ctl's binrpc parameter forms. */
class BinrpcAddressTest {

    @Test
    void readsCtlsForms() {
        assertThat(BinrpcAddress.parse("unix:/run/kamailio/kamailio_ctl")).isEqualTo(BinrpcAddress.unix(Path.of("/run/kamailio/kamailio_ctl")));
        assertThat(BinrpcAddress.parse("unixs:/tmp/ctl")).isEqualTo(BinrpcAddress.unix(Path.of("/tmp/ctl")));
        assertThat(BinrpcAddress.parse("/tmp/ctl")).isEqualTo(BinrpcAddress.unix(Path.of("/tmp/ctl")));
        assertThat(BinrpcAddress.parse("tcp:127.0.0.1:2050"))
                .isEqualTo(new BinrpcAddress(BinrpcAddress.Kind.TCP, null, "127.0.0.1", 2050));
        assertThat(BinrpcAddress.parse("udp:localhost").port()).isEqualTo(2049);
        assertThat(BinrpcAddress.parse("tcp:[::1]:2049").host()).isEqualTo("::1");
        assertThat(BinrpcAddress.parse("tcp:[::1]").toString()).isEqualTo("tcp:[::1]:2049");
        // ctl reads a lone number as every address.
        assertThat(BinrpcAddress.parse("tcp:2046")).isEqualTo(new BinrpcAddress(BinrpcAddress.Kind.TCP, null, "*", 2046));
    }

    @Test
    void onlyUnixSocketsAndLoopbackAreLocal() {
        assertThat(BinrpcAddress.parse("unix:/tmp/ctl").isLocal()).isTrue();
        assertThat(BinrpcAddress.parse("tcp:127.0.0.1:2049").isLocal()).isTrue();
        assertThat(BinrpcAddress.parse("udp:[::1]:2049").isLocal()).isTrue();
        assertThat(BinrpcAddress.parse("tcp:2049").isLocal()).isFalse();
        assertThat(BinrpcAddress.parse("tcp:192.0.2.1:2049").isLocal()).isFalse();
    }

    @Test
    void refusesWhatCtlWouldNotServeOrTheJdkCannot() {
        assertThatThrownBy(() -> BinrpcAddress.parse("unixd:/tmp/ctl")).hasMessageContaining("not supported");
        assertThatThrownBy(() -> BinrpcAddress.parse("unix:relative")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> BinrpcAddress.parse("sctp:127.0.0.1:2049")).hasMessageContaining("is not unix:/path");
        assertThatThrownBy(() -> BinrpcAddress.parse("tcp:127.0.0.1:http")).hasMessageContaining("port");
        assertThatThrownBy(() -> BinrpcAddress.parse("tcp:::1:2049")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> BinrpcAddress.parse("tcp:127.0.0.1:70000")).hasMessageContaining("range");
    }
}
