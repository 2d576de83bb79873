package dev.locus.registrar.replication;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.NodeStatus;
import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** When live changes go alone and when they are batched, on a bus whose answers the test gives. */
class UsrlocSenderTest {

    private static final DmqNode KAMAILIO = node("127.0.0.76", NodeStatus.ACTIVE, false);
    private static final DmqNode OTHER_KAMAILIO = node("127.0.0.86", NodeStatus.ACTIVE, false);
    private static final DmqNode MEMBER = node("127.0.0.77", NodeStatus.ACTIVE, false);
    private static final DmqNode SELF = node("127.0.0.78", NodeStatus.ACTIVE, true);
    private static final DmqNode PENDING = node("127.0.0.79", NodeStatus.PENDING, false);

    private final UsrlocCodec codec = new UsrlocCodec();
    private final HeldBus bus = new HeldBus();
    private final List<Runnable> tasks = new ArrayList<>();

    private static DmqNode node(String ip, NodeStatus status, boolean local) {
        return new DmqNode(DmqUri.parse("sip:" + ip + ":17142"), ip, status, local, false);
    }

    private UsrlocSender sender(Executor executor, int maxBatch) {
        return new UsrlocSender(bus, codec, n -> !n.equals(MEMBER), executor, maxBatch);
    }

    private static Binding binding(String aor) {
        return new Binding(aor, "uloc-" + aor, "sip:" + aor + "@127.0.0.1:5099", "", "", "call-" + aor, 1, 1_795_368_600L,
                Binding.NO_Q, 0, 0, "", "", Binding.ALL_METHODS, "", 0, 1_795_368_000L);
    }

    private static List<Binding> bindings(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> binding("u" + i)).toList();
    }

    @Test
    void whileTheNodesKeepUpEachChangeGoesAloneToEveryActiveKamailioNode() {
        bus.nodes = List.of(SELF, KAMAILIO, MEMBER, PENDING, OTHER_KAMAILIO);
        bus.answerAtOnce = true;
        UsrlocSender sender = sender(Runnable::run, 50);
        sender.send(List.of(binding("alice")), UsrlocCodec.UPDATE);
        sender.send(List.of(binding("alice")), UsrlocCodec.REMOVE);
        assertThat(bus.sent).extracting(Sent::to).containsExactly(KAMAILIO.uri(), OTHER_KAMAILIO.uri(),
                KAMAILIO.uri(), OTHER_KAMAILIO.uri());
        assertThat(bus.sent.get(0).body()).isEqualTo(codec.single(UsrlocCodec.UPDATE, binding("alice")));
        assertThat(bus.sent.get(2).body()).isEqualTo(codec.single(UsrlocCodec.REMOVE, binding("alice")));
        assertThat(sender.changesSent()).isEqualTo(4);
        assertThat(sender.messagesSent()).isEqualTo(4);
    }

    @Test
    void changesThatQueueBehindUnansweredMessagesGoTogetherInOrderOnceOneIsAnswered() {
        bus.nodes = List.of(KAMAILIO);
        UsrlocSender sender = sender(Runnable::run, 50);
        List<Binding> first = bindings(0, UsrlocSender.IN_FLIGHT);
        for (Binding b : first) {
            sender.send(List.of(b), UsrlocCodec.UPDATE);
        }
        assertThat(bus.sent).hasSize(UsrlocSender.IN_FLIGHT);
        sender.send(bindings(100, 60), UsrlocCodec.UPDATE);
        sender.send(List.of(first.get(0)), UsrlocCodec.REMOVE);
        assertThat(bus.sent).as("nothing more while the window is full").hasSize(UsrlocSender.IN_FLIGHT);

        bus.answer(0);
        assertThat(bus.sent).hasSize(UsrlocSender.IN_FLIGHT + 1);
        List<UsrlocCodec.Action> batch = codec.read(bus.sent.get(UsrlocSender.IN_FLIGHT).body());
        assertThat(batch).hasSize(50);
        assertThat(((UsrlocCodec.Update) batch.get(0)).binding().aor()).isEqualTo("u100");
        assertThat(((UsrlocCodec.Update) batch.get(49)).binding().aor()).isEqualTo("u149");

        bus.answer(1);
        List<UsrlocCodec.Action> rest = codec.read(bus.sent.get(UsrlocSender.IN_FLIGHT + 1).body());
        assertThat(rest).hasSize(11);
        assertThat(((UsrlocCodec.Update) rest.get(9)).binding().aor()).isEqualTo("u159");
        assertThat(rest.get(10)).isEqualTo(new UsrlocCodec.Remove("u0", "uloc-u0"));
        assertThat(sender.changesSent()).isEqualTo(UsrlocSender.IN_FLIGHT + 61);
        assertThat(sender.messagesSent()).isEqualTo(UsrlocSender.IN_FLIGHT + 2);
    }

    @Test
    void aBatchStaysUnderDmqUsrlocsMessageSize() {
        bus.nodes = List.of(KAMAILIO);
        UsrlocSender sender = sender(Runnable::run, 150);
        for (int i = 0; i < UsrlocSender.IN_FLIGHT; i++) {
            sender.send(List.of(binding("w" + i)), UsrlocCodec.UPDATE);
        }
        String longAgent = "x".repeat(2_000);
        List<Binding> big = IntStream.range(0, 100).mapToObj(i -> new Binding("big" + i, "uloc-" + i,
                "sip:big" + i + "@127.0.0.1", "", "", "c" + i, 1, 1_795_368_600L, Binding.NO_Q, 0, 0, longAgent, "",
                Binding.ALL_METHODS, "", 0, 1_795_368_000L)).toList();
        sender.send(big, UsrlocCodec.UPDATE);
        bus.answer(0);
        String body = bus.sent.get(UsrlocSender.IN_FLIGHT).body();
        assertThat(body.length()).isBetween(50_000, UsrlocSender.MAX_MESSAGE_BYTES);
        assertThat(codec.read(body)).hasSizeLessThan(30);
    }

    @Test
    void nothingIsEncodedOrQueuedWhileNoKamailioNodeIsActive() {
        bus.nodes = List.of(SELF, MEMBER, PENDING);
        UsrlocSender sender = sender(tasks::add, 50);
        sender.send(bindings(0, 10), UsrlocCodec.UPDATE);
        assertThat(tasks).isEmpty();
        bus.nodes = List.of(KAMAILIO);
        sender.send(List.of(binding("later")), UsrlocCodec.UPDATE);
        tasks.forEach(Runnable::run);
        assertThat(bus.sent).extracting(Sent::body).containsExactly(codec.single(UsrlocCodec.UPDATE, binding("later")));
    }

    @Test
    void messagesAreEncodedOnTheExecutorNotOnTheThreadThatMadeTheChange() {
        bus.nodes = List.of(KAMAILIO);
        UsrlocSender sender = sender(tasks::add, 50);
        sender.send(bindings(0, 3), UsrlocCodec.UPDATE);
        sender.send(bindings(3, 3), UsrlocCodec.UPDATE);
        assertThat(bus.sent).isEmpty();
        assertThat(tasks).as("one flush scheduled, however many changes").hasSize(1);
        tasks.get(0).run();
        assertThat(bus.sent).hasSize(1);
        assertThat(codec.read(bus.sent.get(0).body())).hasSize(6);
    }

    @Test
    void aSaturatedExecutorDoesNotLeaveChangesBehind() {
        bus.nodes = List.of(KAMAILIO);
        UsrlocSender sender = sender(task -> {
            throw new RejectedExecutionException("full");
        }, 50);
        sender.send(List.of(binding("alice")), UsrlocCodec.UPDATE);
        assertThat(bus.sent).hasSize(1);
    }

    private record Sent(DmqUri to, String body) {
    }

    /** Every send is held until the test answers it (or answered at once). */
    private static final class HeldBus implements DmqBus {
        final List<Sent> sent = new ArrayList<>();
        final List<CompletableFuture<KdmqResponse>> answers = new ArrayList<>();
        List<DmqNode> nodes = List.of();
        boolean answerAtOnce;

        void answer(int i) {
            answers.get(i).complete(new KdmqResponse(200, ""));
        }

        @Override
        public void register(DmqPeer peer) {
        }

        @Override
        public List<DmqPeer> peers() {
            return List.of();
        }

        @Override
        public List<DmqNode> nodes() {
            return nodes;
        }

        @Override
        public Executor workers() {
            return Runnable::run;
        }

        @Override
        public void broadcast(String channel, String contentType, String body, Predicate<DmqNode> to) {
            throw new AssertionError("live changes are sent node by node");
        }

        @Override
        public CompletableFuture<KdmqResponse> send(DmqUri node, String channel, int maxForwards, String contentType,
                                                    String body) {
            assertThat(channel).isEqualTo("usrloc");
            assertThat(contentType).isEqualTo("application/json");
            sent.add(new Sent(node, body));
            CompletableFuture<KdmqResponse> answer = answerAtOnce
                    ? CompletableFuture.completedFuture(new KdmqResponse(200, "")) : new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }
    }
}
