package dev.locus.dmq.nodes;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.discovery.DiscoveredNodes;
import dev.locus.dmq.discovery.Discovery;
import dev.locus.dmq.discovery.Resolution;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** notification_peer's ping rounds against a fake discovery name and a bus on which every node answers. */
class NotificationPeerTest {

    private static final DmqUri A = DmqUri.of("192.0.2.1", 5090);
    private static final DmqUri B = DmqUri.of("192.0.2.2", 5090);
    private static final Resolution.Answer BOTH = new Resolution.Answer(List.of(A, B));

    private final Deque<Resolution> answers = new ArrayDeque<>();
    private final NodeList nodes = new NodeList(A, A.host());
    private final AtomicInteger removals = new AtomicInteger();
    private final NotificationPeer peer = new NotificationPeer(nodes, new AnsweringBus(), new Discovery() {
        @Override
        public Resolution resolve() {
            return answers.size() > 1 ? answers.poll() : answers.peek();
        }

        @Override
        public Optional<String> resolveHost(String host) {
            return Optional.of(host);
        }
    }, new DiscoveredNodes(A, Duration.ofMinutes(5), InstantSource.fixed(Instant.EPOCH)), removals::incrementAndGet);

    private void round(Resolution answer) {
        answers.clear();
        answers.add(answer);
        peer.ping();
    }

    private void joined() {
        answers.add(BOTH);
        peer.start();
        assertThat(nodes.find(B)).map(DmqNode::isActive).contains(true);
    }

    @Test
    void aFailedResolutionKeepsEveryDiscoveredNode() {
        joined();
        round(new Resolution.Failure("A locus.test: timed out"));
        assertThat(nodes.find(B)).map(DmqNode::isActive).contains(true);
        assertThat(peer.discoveredIps()).contains(B.host());
    }

    @Test
    void anEmptyAnswerKeepsEveryDiscoveredNode() {
        joined();
        round(new Resolution.Answer(List.of()));
        assertThat(nodes.find(B)).map(DmqNode::isActive).contains(true);
        assertThat(peer.discoveredIps()).contains(B.host());
    }

    @Test
    void aNodeStaysAMemberAfterTwoAnswersWithoutItAndLeavesAfterTheThird() {
        joined();
        Resolution withoutA = new Resolution.Answer(List.of(B));
        round(withoutA);
        round(withoutA);
        assertThat(nodes.isMember()).isTrue();
        assertThat(removals).hasValue(0);
        round(withoutA);
        assertThat(nodes.isMember()).isFalse();
        assertThat(removals).hasValue(1);
    }

    /** Every KDMQ is answered 200 with an empty body at once. */
    private static final class AnsweringBus implements DmqBus {
        @Override
        public void register(DmqPeer peer) {
        }

        @Override
        public List<DmqPeer> peers() {
            return List.of();
        }

        @Override
        public List<DmqNode> nodes() {
            return List.of();
        }

        @Override
        public Executor workers() {
            return Runnable::run;
        }

        @Override
        public void broadcast(String channel, String contentType, String body, Predicate<DmqNode> to) {
        }

        @Override
        public CompletableFuture<KdmqResponse> send(DmqUri node, String channel, int maxForwards, String contentType,
                                                    String body) {
            return CompletableFuture.completedFuture(new KdmqResponse(200, ""));
        }
    }
}
