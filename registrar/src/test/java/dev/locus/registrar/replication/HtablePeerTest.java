package dev.locus.registrar.replication;

import dev.locus.dmq.DmqBus;
import dev.locus.dmq.DmqMessage;
import dev.locus.dmq.DmqNode;
import dev.locus.dmq.DmqPeer;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqUri;
import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.NodeStatus;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtValue;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableChange;
import dev.locus.registrar.HtableListener;
import dev.locus.registrar.HtableMatch;
import dev.locus.registrar.HtableSpec;
import dev.locus.registrar.Htables;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer's rules, on a recording bus: what goes to Kamailio, what is applied, who answers a sync. */
class HtablePeerTest {

    private static final long NOW = 1_795_368_000L;
    private static final DmqNode KAMAILIO = node("127.0.0.76");
    private static final DmqNode OTHER_KAMAILIO = node("127.0.0.86");
    private static final DmqNode MEMBER = node("127.0.0.77");

    private final Tables htables = new Tables(List.of(HtableSpec.parse("rep=>size=4;dmqreplicate=1;"),
            HtableSpec.parse("timed=>size=4;autoexpire=600;dmqreplicate=1;"), HtableSpec.parse("local=>size=4;")));
    private final RecordingBus bus = new RecordingBus();
    private final AtomicBoolean answersSyncs = new AtomicBoolean(true);
    private final AtomicBoolean needsSync = new AtomicBoolean(false);
    private final HtablePeer peer = new HtablePeer(htables, bus, new HtableCodec(),
            InstantSource.fixed(Instant.ofEpochSecond(NOW)), n -> !n.resolvedIp().equals(MEMBER.resolvedIp()),
            ip -> ip.equals(MEMBER.resolvedIp()), answersSyncs::get, needsSync::get);

    private static DmqNode node(String ip) {
        return new DmqNode(DmqUri.parse("sip:" + ip + ":17142"), ip, NodeStatus.ACTIVE, false, false);
    }

    private static DmqMessage from(DmqNode sender, String body) {
        return new DmqMessage("htable", "application/json", body, Optional.of(sender), sender.resolvedIp(), 1);
    }

    @Test
    void aChangeOfAReplicatedTableGoesToEveryActiveKamailioNodeOnceAndOneOfALocalTableNowhere() {
        DmqNode pending = new DmqNode(DmqUri.parse("sip:127.0.0.87:17142"), "127.0.0.87", NodeStatus.PENDING, false, true);
        bus.nodes = List.of(KAMAILIO, MEMBER, pending, OTHER_KAMAILIO);
        peer.onChange(new HtableChange.Set("rep", "k", HtValue.of("v")));
        peer.onChange(new HtableChange.RemoveMatching("rep", new HtableMatch(HtableMatch.Kind.PREFIX, true, "p")));
        peer.onChange(new HtableChange.Set("local", "k", HtValue.of("v")));
        String set = "{\"action\":2,\"htname\":\"rep\",\"cname\":\"k\",\"type\":2,\"strval\":\"v\",\"mode\":1}";
        String remove = "{\"action\":6,\"htname\":\"rep\",\"type\":2,\"strval\":\"p\",\"mode\":1}";
        assertThat(bus.sent).containsExactly(KAMAILIO.uri() + " " + set, OTHER_KAMAILIO.uri() + " " + set,
                KAMAILIO.uri() + " " + remove, OTHER_KAMAILIO.uri() + " " + remove);
    }

    @Test
    void aChangeOfAnItemWaitsForTheNodesAnswerToTheOneBefore() {
        bus.nodes = List.of(KAMAILIO);
        CompletableFuture<KdmqResponse> firstAnswer = new CompletableFuture<>();
        bus.answers.add(firstAnswer);
        peer.onChange(new HtableChange.Set("timed", "k", HtValue.of("v")));
        peer.onChange(new HtableChange.Expire("timed", "k", 30));
        peer.onChange(new HtableChange.Set("timed", "other", HtValue.of(1)));
        assertThat(bus.sent).as("the expiry waits, another item does not").hasSize(2);
        assertThat(bus.sent.get(1)).contains("\"cname\":\"other\"");
        firstAnswer.complete(new KdmqResponse(500, ""));
        assertThat(bus.sent).hasSize(3);
        assertThat(bus.sent.get(2)).contains("\"action\":3,\"htname\":\"timed\",\"cname\":\"k\"");
    }

    @Test
    void aReceivedChangeIsAppliedAndNotSentOn() {
        DmqReply reply = peer.onMessage(from(KAMAILIO,
                "{\"action\":3,\"htname\":\"timed\",\"cname\":\"k\",\"type\":0,\"intval\":30,\"mode\":0}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(htables.received).containsExactly(new HtableChange.Expire("timed", "k", 30));
        assertThat(bus.broadcasts).isEmpty();
        assertThat(bus.sent).isEmpty();
    }

    @Test
    void answersAsKamailioDoesWhatItCannotApply() {
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":4,\"htname\":\"nosuch\",\"cname\":\"k\",\"mode\":0}")).status())
                .isEqualTo(500);
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":4,\"htname\":\"rep\",\"cname\":\"k\",\"mode\":0,\"x\":1}")).status())
                .isEqualTo(400);
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":0}")).status()).isEqualTo(500);
        assertThat(htables.received).isEmpty();
        // Kamailio's 500s say "refused", in fixed words: nothing of the message (a table name with a CRLF in it)
        // reaches the status line.
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":4,\"htname\":\"x\\r\\nVia: evil\",\"cname\":\"k\",\"mode\":0}")).reason())
                .isEqualTo("Server Internal Error - refused: no such table");
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":5,\"htname\":\"rep\",\"type\":2,\"strval\":\"(\\r\\n\",\"mode\":0}")).reason())
                .isEqualTo("Server Internal Error - refused: bad regular expression");
    }

    @Test
    void refusesHtableFromAMembersAddress() {
        assertThat(peer.onMessage(from(MEMBER, "{\"action\":4,\"htname\":\"rep\",\"cname\":\"k\",\"mode\":0}")).status())
                .isEqualTo(403);
        assertThat(htables.received).isEmpty();
    }

    @Test
    void theSyncAnswererSendsEveryLiveReplicatedItemToTheAskerOnly() {
        htables.items.put("rep", List.of(new HtItem("a", HtValue.of("x"), 0), new HtItem("n", HtValue.of(-1), 0)));
        htables.items.put("timed", List.of(new HtItem("live", HtValue.of(1), NOW + 60),
                new HtItem("ends-now", HtValue.of(2), NOW), new HtItem("forever", HtValue.of(3), 0)));
        htables.items.put("local", List.of(new HtItem("l", HtValue.of("no"), 0)));
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":1}")).status()).isEqualTo(200);
        assertThat(bus.sent).containsExactly(KAMAILIO.uri() + " {\"cells\":["
                + "{\"htname\":\"rep\",\"cname\":\"a\",\"type\":2,\"strval\":\"x\",\"expire\":0},"
                + "{\"htname\":\"rep\",\"cname\":\"n\",\"type\":0,\"intval\":-1,\"expire\":0},"
                + "{\"htname\":\"timed\",\"cname\":\"live\",\"type\":0,\"intval\":1,\"expire\":" + (NOW + 60) + "},"
                + "{\"htname\":\"timed\",\"cname\":\"forever\",\"type\":0,\"intval\":3,\"expire\":0}]}");
        assertThat(peer.syncedItems()).isEqualTo(4);
    }

    @Test
    void anEmptyAnswerIsStillSentAndOnlyByTheSyncAnswerer() {
        answersSyncs.set(false);
        assertThat(peer.onMessage(from(KAMAILIO, "{\"action\":1}")).status()).isEqualTo(200);
        assertThat(bus.sent).isEmpty();
        answersSyncs.set(true);
        peer.onMessage(from(KAMAILIO, "{\"action\":1}"));
        assertThat(bus.sent).containsExactly(KAMAILIO.uri() + " {\"cells\":[]}");
    }

    @Test
    void aSyncRequestFromAnUnknownSenderIsAnsweredToEveryActiveKamailioNode() {
        bus.nodes = List.of(KAMAILIO, OTHER_KAMAILIO, MEMBER);
        peer.onMessage(new DmqMessage("htable", "application/json", "{\"action\":1}", Optional.empty(), "10.9.9.9", 1));
        assertThat(bus.sent).containsExactly(KAMAILIO.uri() + " {\"cells\":[]}", OTHER_KAMAILIO.uri() + " {\"cells\":[]}");
    }

    @Test
    void receivedCellsAreAppliedPerTableAndUnknownTablesSkipped() {
        DmqReply reply = peer.onMessage(from(KAMAILIO, "{\"cells\":["
                + "{\"htname\":\"rep\",\"cname\":\"a\",\"type\":2,\"strval\":\"x\",\"expire\":0},"
                + "{\"htname\":\"nosuch\",\"cname\":\"b\",\"type\":0,\"intval\":1,\"expire\":0},"
                + "{\"htname\":\"timed\",\"cname\":\"c\",\"type\":0,\"intval\":2,\"expire\":" + (NOW + 5) + "}]}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(htables.synced).containsOnly(Map.entry("rep", List.of(new HtItem("a", HtValue.of("x"), 0))),
                Map.entry("timed", List.of(new HtItem("c", HtValue.of(2), NOW + 5))));
        assertThat(bus.sent).isEmpty();
    }

    @Test
    void asksKamailioForItsItemsOnJoiningOnlyWhenNoOtherMemberHoldsThem() {
        peer.onJoined();
        assertThat(bus.broadcasts).isEmpty();
        needsSync.set(true);
        peer.onJoined();
        assertThat(bus.broadcasts).containsExactly("{\"action\":1}");
        assertThat(bus.broadcastTo.get(0).test(MEMBER)).isFalse();
    }

    private static final class RecordingBus implements DmqBus {
        final List<String> broadcasts = new ArrayList<>();
        final List<Predicate<DmqNode>> broadcastTo = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        /** Answers for the next sends, in order; then every send is answered 200 at once. */
        final java.util.Deque<CompletableFuture<KdmqResponse>> answers = new java.util.ArrayDeque<>();
        List<DmqNode> nodes = List.of();

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
            assertThat(channel).isEqualTo("htable");
            assertThat(contentType).isEqualTo("application/json");
            broadcasts.add(body);
            broadcastTo.add(to);
        }

        @Override
        public CompletableFuture<KdmqResponse> send(DmqUri node, String channel, int maxForwards, String contentType,
                                                    String body) {
            assertThat(channel).isEqualTo("htable");
            sent.add(node + " " + body);
            return answers.isEmpty() ? CompletableFuture.completedFuture(new KdmqResponse(200, "")) : answers.poll();
        }
    }

    /** Tables whose items are given; what is applied to them is recorded. */
    private static final class Tables implements Htables {
        final List<HtableSpec> specs;
        final Map<String, List<HtItem>> items = new HashMap<>();
        final List<HtableChange> received = new ArrayList<>();
        final Map<String, List<HtItem>> synced = new HashMap<>();

        Tables(List<HtableSpec> specs) {
            this.specs = specs;
        }

        @Override
        public List<HtableSpec> specs() {
            return specs;
        }

        @Override
        public Optional<Htable> table(String name) {
            return specs.stream().filter(s -> s.name().equals(name)).findFirst().map(spec ->
                    (Htable) Proxy.newProxyInstance(Htable.class.getClassLoader(), new Class<?>[]{Htable.class},
                            (proxy, method, args) -> switch (method.getName()) {
                                case "spec" -> spec;
                                case "items" -> items.getOrDefault(name, List.of());
                                default -> throw new UnsupportedOperationException(method.getName());
                            }));
        }

        @Override
        public void addListener(HtableListener listener) {
        }

        @Override
        public boolean applyReceived(HtableChange change) {
            if (table(change.table()).isEmpty()) {
                return false;
            }
            received.add(change);
            return true;
        }

        @Override
        public boolean applySynced(String table, String name, HtValue value, long expire) {
            throw new UnsupportedOperationException("cells are applied per table");
        }

        @Override
        public boolean applySynced(String table, List<HtItem> cells) {
            if (table(table).isEmpty()) {
                return false;
            }
            synced.put(table, cells);
            return true;
        }
    }
}
