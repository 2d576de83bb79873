package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendSocketTest {

    private static final SocketSpec UDP = new SocketSpec("udp", "192.0.2.1", 5060);
    private static final SocketSpec TCP = new SocketSpec("tcp", "192.0.2.1", 5060);
    private static final SocketSpec V6 = new SocketSpec("tcp", "::1", 5070);
    private static final List<SocketSpec> LISTEN = List.of(TCP, UDP, V6);

    @Test
    void readsKamailiosFormsAndMatchesAsItsSocketLookupDoes() throws Exception {
        assertThat(SendSocket.find(".", LISTEN)).isEmpty();
        assertThat(SendSocket.find("", LISTEN)).isEmpty();
        assertThat(SendSocket.find("udp:192.0.2.1:5060", LISTEN)).contains(UDP);
        assertThat(SendSocket.find("TCP:192.0.2.1:5060", LISTEN)).contains(TCP);
        // No protocol: any, UDP first. No port: any port.
        assertThat(SendSocket.find("192.0.2.1:5060", LISTEN)).contains(UDP);
        assertThat(SendSocket.find("192.0.2.1", LISTEN)).contains(UDP);
        assertThat(SendSocket.find("tcp:192.0.2.1", LISTEN)).contains(TCP);
        assertThat(SendSocket.find("tcp:[::1]:5070", LISTEN)).isEqualTo(Optional.of(V6));
    }

    @Test
    void tellsABadSocketFromOneThatIsNotOurs() {
        for (String bad : List.of("udp:a:b:c", "sctp:192.0.2.1:5060", "udp:192.0.2.1:", "udp::5060", "udp:(a,b):5060")) {
            assertThatThrownBy(() -> SendSocket.find(bad, LISTEN)).as(bad).isInstanceOfSatisfying(UacException.class,
                    e -> assertThat(e.reason()).isEqualTo(UacException.Reason.BAD_SOCKET));
        }
        for (String other : List.of("udp:192.0.2.1:5999", "udp:192.0.2.2:5060", "udp:[::1]:5070")) {
            assertThatThrownBy(() -> SendSocket.find(other, LISTEN)).as(other).isInstanceOfSatisfying(UacException.class,
                    e -> assertThat(e.reason()).isEqualTo(UacException.Reason.NO_SUCH_SOCKET));
        }
    }
}
