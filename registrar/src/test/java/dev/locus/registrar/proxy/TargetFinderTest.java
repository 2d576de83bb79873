package dev.locus.registrar.proxy;

import dev.locus.registrar.Binding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TargetFinderTest {

    private static final String US = "127.0.0.1";
    private static final String MEMBER = "127.0.0.2";
    private static final String KAMAILIO = "127.0.0.3";

    private final TargetFinder finder = new TargetFinder(d -> d.host().equals(US), Set.of(US, MEMBER)::contains);

    private static Binding binding(String contact, String received, String path, String socket, long methods) {
        return new Binding("bob", "ruid-" + contact.hashCode(), contact, received, path, "call", 1, 0, 500, 0, 0, "",
                socket, methods, "", 0, 0);
    }

    @Test
    void noBindingIsNotFoundAndNoneAllowingTheMethodIsMethodNotAllowed() {
        assertThat(finder.find(List.of(), "INVITE").status()).isEqualTo(404);
        Binding inviteOnly = binding("sip:bob@10.0.0.1", "", "", "udp:" + US + ":5060", 1);
        assertThat(finder.find(List.of(inviteOnly), "MESSAGE").status()).isEqualTo(405);
        assertThat(finder.find(List.of(inviteOnly), "INVITE").targets()).hasSize(1);
    }

    @Test
    void aNatedBindingIsSentToItsReceivedAddress() {
        Target t = finder.find(List.of(binding("sip:bob@192.168.1.2:5060", "sip:203.0.113.9:40000;transport=tcp", "",
                "tcp:" + US + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(t.requestUri()).isEqualTo("sip:bob@192.168.1.2:5060");
        assertThat(t.destination()).contains(new Destination("tcp", "203.0.113.9", 40000));
        assertThat(t.relayed()).isFalse();
    }

    @Test
    void aBindingWithPathGoesThroughThePath() {
        Target t = finder.find(List.of(binding("sip:bob@10.0.0.1", "sip:1.2.3.4:5060", "<sip:edge1;lr>,<sip:edge2;lr>",
                "udp:" + MEMBER + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(t.routes()).containsExactly("<sip:edge1;lr>", "<sip:edge2;lr>");
        assertThat(t.destination()).isEmpty();
        assertThat(t.relayed()).isFalse();
    }

    @Test
    void aFlowHeldByAnotherMemberIsRelayedThroughItWithTheFlowInTheRoute() {
        Target t = finder.find(List.of(binding("sip:bob@10.0.0.1", "sip:203.0.113.9:40000", "",
                "udp:" + MEMBER + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(t.relayed()).isTrue();
        assertThat(t.routes()).containsExactly("<sip:" + MEMBER + ":5060;lr;lflow=203.0.113.9~40000~1>");
        assertThat(t.destination()).isEmpty();

        Target tcp = finder.find(List.of(binding("sip:bob@10.0.0.1;transport=tcp", "", "",
                "tcp:" + MEMBER + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(tcp.routes()).containsExactly("<sip:" + MEMBER + ":5060;transport=tcp;lr>");
    }

    @Test
    void aKamailioNodesConnectionIsReachedThroughThatNodeWithTheFlowAsAnAlias() {
        Target t = finder.find(List.of(binding("sip:bob@10.0.0.1:5070;transport=tcp", "sip:203.0.113.9:40000;transport=tcp",
                "", "tcp:" + KAMAILIO + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(t.relayed()).isTrue();
        assertThat(t.routes()).containsExactly("<sip:" + KAMAILIO + ":5060;transport=tcp;lr>");
        assertThat(t.requestUri()).isEqualTo("sip:bob@10.0.0.1:5070;transport=tcp;alias=203.0.113.9~40000~2");

        Target direct = finder.find(List.of(binding("sip:bob@127.0.0.9:5070;transport=tcp", "", "",
                "tcp:" + KAMAILIO + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(direct.requestUri()).isEqualTo("sip:bob@127.0.0.9:5070;transport=tcp;alias=127.0.0.9~5070~2");
    }

    @Test
    void aBindingOfAKamailioNodeOrAPlainUdpOneIsReachedDirectly() {
        Target kamailio = finder.find(List.of(binding("sip:bob@10.0.0.1", "sip:203.0.113.9:40000", "",
                "udp:" + KAMAILIO + ":5060", Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(kamailio.relayed()).isFalse();
        assertThat(kamailio.destination()).contains(new Destination("udp", "203.0.113.9", 40000));

        Target plain = finder.find(List.of(binding("sip:bob@10.0.0.1", "", "", "udp:" + MEMBER + ":5060",
                Binding.ALL_METHODS)), "INVITE").targets().get(0);
        assertThat(plain.relayed()).isFalse();
        assertThat(plain.destination()).isEqualTo(Optional.empty());
    }
}
