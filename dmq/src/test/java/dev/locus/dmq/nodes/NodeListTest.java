package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.NodeStatus;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Kamailio 5.6.3's node-list rules (reference dmq-protocol.md §2.4, §2.5). */
class NodeListTest {

    private static final DmqUri LOCAL = DmqUri.of("127.0.0.13", 5090);
    private static final DmqUri K11 = DmqUri.of("127.0.0.11", 5090);
    private static final DmqUri K12 = DmqUri.of("127.0.0.12", 5090);

    private final NodeList nodes = new NodeList(LOCAL, "127.0.0.13");

    private int merge(String body) {
        return nodes.merge(NotificationBody.read(body), host -> Optional.of(host));
    }

    private NodeStatus status(DmqUri uri) {
        return nodes.find(uri).map(DmqNode::status).orElse(null);
    }

    @Test
    void unknownNodesInABodyAreAddedWithTheirStatusAndTheLocalLineIsIgnored() {
        int changes = merge("sip:127.0.0.11:5090;status=active\r\nsip:127.0.0.13:5090;status=disabled\r\n");
        assertThat(changes).isEqualTo(1);
        assertThat(status(K11)).isEqualTo(NodeStatus.ACTIVE);
        assertThat(status(LOCAL)).isEqualTo(NodeStatus.ACTIVE);
    }

    @Test
    void aKnownNodeTakesTheStatusOfALineUnlessItIsDisabled() {
        nodes.addSeed(K12, "127.0.0.12");
        assertThat(merge("sip:127.0.0.12:5090;status=active\r\n")).isEqualTo(1);
        assertThat(status(K12)).isEqualTo(NodeStatus.ACTIVE);
        nodes.timedOut(K12, NodeStatus.ACTIVE);
        assertThat(status(K12)).isEqualTo(NodeStatus.PENDING);

        merge("sip:127.0.0.11:5090;status=active\r\n");
        nodes.timedOut(K11, NodeStatus.ACTIVE);
        assertThat(status(K11)).isEqualTo(NodeStatus.DISABLED);
        assertThat(merge("sip:127.0.0.11:5090;status=active\r\n")).isZero();
        assertThat(status(K11)).isEqualTo(NodeStatus.DISABLED);
    }

    @Test
    void aSeedIsNeverRemovedButADisabledNodeThatTimesOutAgainIs() {
        nodes.addSeed(K12, "127.0.0.12");
        nodes.timedOut(K12, NodeStatus.PENDING);
        assertThat(status(K12)).isEqualTo(NodeStatus.PENDING);
        merge("sip:127.0.0.11:5090;status=active\r\n");
        nodes.timedOut(K11, NodeStatus.ACTIVE);
        nodes.timedOut(K11, NodeStatus.DISABLED);
        assertThat(nodes.find(K11)).isEmpty();
    }

    @Test
    void anAnswerMakesANodeActiveAgain() {
        merge("sip:127.0.0.11:5090;status=active\r\n");
        nodes.timedOut(K11, NodeStatus.ACTIVE);
        nodes.markActive(K11);
        assertThat(status(K11)).isEqualTo(NodeStatus.ACTIVE);
    }

    @Test
    void theBodyListsItselfAndActiveNodesOnlyEachLineEndingInCrlf() {
        merge("sip:127.0.0.11:5090;status=active\r\n");
        nodes.addSeed(K12, "127.0.0.12");
        assertThat(nodes.body()).isEqualTo("sip:127.0.0.11:5090;status=active\r\nsip:127.0.0.13:5090;status=active\r\n");
    }

    @Test
    void aNodeThatLeftSaysSoInItsOwnLine() {
        nodes.setLocalStatus(NodeStatus.DISABLED);
        assertThat(nodes.isMember()).isFalse();
        assertThat(nodes.body()).isEqualTo("sip:127.0.0.13:5090;status=disabled\r\n");
    }

    @Test
    void aHostNameAndItsAddressAreOneNode() {
        merge("sip:127.0.0.11:5090;status=active\r\n");
        int changes = nodes.merge(NotificationBody.read("sip:kam11.test:5090;status=active\r\n"),
                host -> Optional.of(host.equals("kam11.test") ? "127.0.0.11" : host));
        assertThat(changes).isZero();
        assertThat(nodes.snapshot()).hasSize(2);
    }

    @Test
    void aLineWhoseHostDoesNotResolveIsIgnored() {
        assertThat(nodes.merge(NotificationBody.read("sip:nowhere.test:5090;status=active\r\n"), host -> Optional.empty()))
                .isZero();
        assertThat(nodes.onlyLocal()).isTrue();
    }

    @Test
    void sourceAddressesAreKnownOnlyForOtherNodes() {
        merge("sip:127.0.0.11:5090;status=active\r\n");
        assertThat(nodes.isNodeAddress("127.0.0.11")).isTrue();
        assertThat(nodes.isNodeAddress("127.0.0.13")).isFalse();
        assertThat(nodes.isNodeAddress("10.9.9.9")).isFalse();
    }
}
