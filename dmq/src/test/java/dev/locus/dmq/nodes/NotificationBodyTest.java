package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationBodyTest {

    @Test
    void readsTheCapturedKamailioBody() {
        // kamailio-5.6-dmq-javapeer.pcap frame 7
        var lines = NotificationBody.read("sip:127.0.0.13:5090;status=active\r\nsip:127.0.0.11:5090;status=active\r\n"
                + "sip:127.0.0.12:5090;status=active\r\n");
        assertThat(lines).extracting(NotificationBody.Line::uri).containsExactly(DmqUri.of("127.0.0.13", 5090),
                DmqUri.of("127.0.0.11", 5090), DmqUri.of("127.0.0.12", 5090));
        assertThat(lines).extracting(NotificationBody.Line::status).containsOnly(Optional.of(NodeStatus.ACTIVE));
    }

    @Test
    void aBadLineIsSkippedWithoutCostingTheOthers() {
        var lines = NotificationBody.read("sip:127.0.0.11:5090;status=not_active\r\n\r\nnonsense\r\nsip:127.0.0.12:5090\r\n");
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.uri()).isEqualTo(DmqUri.of("127.0.0.12", 5090));
            assertThat(l.status()).contains(NodeStatus.PENDING);
        });
    }

    @Test
    void transportAndPortsAreKeptAsKamailioWritesThem() {
        assertThat(DmqUri.parse("sip:usrloc@10.0.0.1:5090;transport=tcp").text()).isEqualTo("sip:10.0.0.1:5090;transport=tcp");
        assertThat(DmqUri.parse("sip:10.0.0.1:5090;transport=udp")).isEqualTo(DmqUri.of("10.0.0.1", 5090));
        assertThat(DmqUri.parse("sip:node1.example:5090")).isNotEqualTo(DmqUri.of("10.0.0.1", 5090));
        assertThat(DmqUri.of("10.0.0.1", 5090).channelUri("usrloc")).isEqualTo("sip:usrloc@10.0.0.1:5090");
    }
}
