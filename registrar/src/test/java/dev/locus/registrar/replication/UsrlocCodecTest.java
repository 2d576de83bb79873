package dev.locus.registrar.replication;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies captured from Kamailio 5.6.3 (reference dmq-protocol.md §9.5, §9.9). */
class UsrlocCodecTest {

    private static final String INSERT = "{\"action\":1,\"aor\":\"alice\",\"ruid\":\"uloc-6b032463-6337-1\",\"c\":\"sip:alice@127.0.0.20:5071;transport=udp\",\"received\":\"\",\"path\":\"\",\"callid\":\"reg-alice@sipp.test\",\"user_agent\":\"sipp-dmq-test\",\"instance\":\"\",\"expires\":1795371648,\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":-1,\"last_modified\":1795368048,\"methods\":4294967295,\"reg_id\":0,\"server_id\":0}";
    private static final String FULL = "{\"multi\":{\"1\":{\"action\":1,\"aor\":\"fulluser\",\"ruid\":\"uloc-6b03264d-7e81-3\",\"c\":\"sip:fulluser@127.0.0.20:5084;transport=udp\",\"received\":\"\",\"path\":\"<sip:edge.example.test;lr>\",\"callid\":\"reg-full@sipp.test\",\"user_agent\":\"sipp-dmq-test\",\"instance\":\"<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>\",\"expires\":1795372128,\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":500,\"last_modified\":1795368528,\"methods\":4294967295,\"reg_id\":1,\"server_id\":0},\"2\":{\"action\":1,\"aor\":\"multi\",\"ruid\":\"uloc-6b03264d-7e80-1\",\"c\":\"sip:multi@127.0.0.20:5081;transport=udp\",\"received\":\"\",\"path\":\"\",\"callid\":\"reg-multi-5081@sipp.test\",\"user_agent\":\"sipp-dmq-test\",\"instance\":\"\",\"expires\":1795372128,\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":-1,\"last_modified\":1795368528,\"methods\":4294967295,\"reg_id\":0,\"server_id\":0}}}";

    private final UsrlocCodec codec = new UsrlocCodec();

    @Test
    void readsKamailiosInsertWithEveryField() {
        List<UsrlocCodec.Action> actions = codec.read(INSERT);
        Binding b = ((UsrlocCodec.Update) actions.get(0)).binding();
        assertThat(b.aor()).isEqualTo("alice");
        assertThat(b.ruid()).isEqualTo("uloc-6b032463-6337-1");
        assertThat(b.contact()).isEqualTo("sip:alice@127.0.0.20:5071;transport=udp");
        assertThat(b.expires()).isEqualTo(1795371648L);
        assertThat(b.q()).isEqualTo(Binding.NO_Q);
        assertThat(b.methods()).isEqualTo(4294967295L);
        assertThat(b.lastModified()).isEqualTo(1795368048L);
    }

    @Test
    void keepsTheSocketAKamailioNodeSendsWithReplicateSocketInfo() {
        String withSock = INSERT.replace("\"received\":\"\",", "\"received\":\"\",\"sock\":\"tcp:127.0.0.11:5060\",");
        assertThat(((UsrlocCodec.Update) codec.read(withSock).get(0)).binding().socket()).isEqualTo("tcp:127.0.0.11:5060");
        String junk = INSERT.replace("\"received\":\"\",", "\"received\":\"\",\"sock\":\"x y\",");
        assertThat(((UsrlocCodec.Update) codec.read(junk).get(0)).binding().socket()).isEmpty();
    }

    @Test
    void writesExactlyWhatKamailioWritesForTheSameBinding() {
        Binding b = ((UsrlocCodec.Update) codec.read(INSERT).get(0)).binding();
        assertThat(codec.single(UsrlocCodec.UPDATE, b)).isEqualTo(INSERT);
    }

    @Test
    void readsAMultiBatchInDocumentOrder() {
        List<UsrlocCodec.Action> actions = codec.read(FULL);
        assertThat(actions).hasSize(2);
        Binding full = ((UsrlocCodec.Update) actions.get(0)).binding();
        assertThat(full.q()).isEqualTo(500);
        assertThat(full.path()).isEqualTo("<sip:edge.example.test;lr>");
        assertThat(full.instance()).isEqualTo("<urn:uuid:00000000-0000-1000-8000-00a0c91e6bf6>");
        assertThat(full.regId()).isEqualTo(1);
        assertThat(((UsrlocCodec.Update) actions.get(1)).binding().aor()).isEqualTo("multi");
    }

    @Test
    void aMultiAnswerRoundTrips() {
        List<Binding> bindings = codec.read(FULL).stream().map(a -> ((UsrlocCodec.Update) a).binding()).toList();
        assertThat(codec.multi(bindings)).isEqualTo(FULL);
    }

    @Test
    void removalsSyncRequestsAndBadBodies() {
        assertThat(codec.read("{\"action\":2,\"aor\":\"bob\",\"ruid\":\"r1\"}")).containsExactly(new UsrlocCodec.Remove("bob", "r1"));
        assertThat(codec.read(codec.syncRequest())).containsExactly(new UsrlocCodec.Sync());
        assertThat(codec.read("{\"action\":1,\"aor\":\"noruid\",\"c\":\"sip:x@y\"}")).isEmpty();
        assertThatThrownBy(() -> codec.read("{\"action\":1,")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.read("{\"action\":7}")).hasMessageContaining("unknown usrloc action 7");
        assertThatThrownBy(() -> codec.read("{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
