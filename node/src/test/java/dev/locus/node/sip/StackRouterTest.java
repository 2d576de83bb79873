package dev.locus.node.sip;

import gov.nist.javax.sip.stack.HopImpl;
import org.junit.jupiter.api.Test;

import javax.sip.SipFactory;
import javax.sip.address.Hop;
import javax.sip.message.Request;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StackRouterTest {

    @Test
    void theModulesAreAskedInTurnAndTheFirstHopGivenWins() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Request request = factory.createMessageFactory().createRequest(
                "OPTIONS sip:bob@192.0.2.9:5070 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n"
                        + "From: <sip:a@b>;tag=1\r\nTo: <sip:bob@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        StackRouter router = new StackRouter(null, null);
        Hop first = new HopImpl("192.0.2.2", 5060, "udp");
        Hop second = new HopImpl("192.0.2.3", 5060, "udp");
        // A module that does not know the request (another module's, or one of its own it routes as usual).
        router.consult(r -> Optional.empty());
        router.consult(r -> Optional.of(first));
        router.consult(r -> Optional.of(second));
        assertThat(router.getNextHop(request)).isSameAs(first);
    }
}
