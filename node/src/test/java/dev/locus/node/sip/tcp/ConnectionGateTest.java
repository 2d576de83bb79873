package dev.locus.node.sip.tcp;

import dev.locus.node.config.TcpLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTest {

    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");
    private static final InetAddress C = address("192.0.2.3");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConnectionGate gate = new ConnectionGate(
            new TcpLimits(3, 2, Duration.ofSeconds(120), Duration.ofSeconds(20)), meters);

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void aSourceAtItsCapIsRefusedWhileAnotherIsAdmittedUntilTheTotalIsReached() {
        assertThat(gate.admit(A)).isPresent();
        assertThat(gate.admit(A)).isPresent();
        assertThat(gate.admit(A)).as("A's third").isEmpty();
        assertThat(gate.admit(B)).as("B's first").isPresent();
        assertThat(gate.admit(C)).as("C's first, with 3 open").isEmpty();

        assertThat(gate.open()).isEqualTo(3);
        assertThat(gate.refused()).isEqualTo(2);
        assertThat(meters.get(ConnectionGate.REFUSED).tag("limit", "per_ip").counter().count()).isEqualTo(1);
        assertThat(meters.get(ConnectionGate.REFUSED).tag("limit", "total").counter().count()).isEqualTo(1);
        assertThat(meters.get(ConnectionGate.OPEN).gauge().value()).isEqualTo(3);
    }

    @Test
    void aSlotIsGivenBackOnceHoweverOftenItsSocketIsClosed() {
        Optional<ConnectionGate.Slot> first = gate.admit(A);
        gate.admit(A);
        first.orElseThrow().release(false);
        first.orElseThrow().release(false);

        assertThat(gate.open()).isEqualTo(1);
        assertThat(gate.admit(A)).as("A again, one of its two given back").isPresent();
        assertThat(gate.admit(A)).isEmpty();
    }

    @Test
    void aConnectionClosedForIdlingIsCountedAsSuch() {
        gate.admit(A).orElseThrow().release(true);
        gate.admit(B).orElseThrow().release(false);

        assertThat(gate.idleClosed()).isEqualTo(1);
        assertThat(gate.open()).isZero();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
