package dev.locus.registrar.sip;

import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.parser.StringMsgParser;
import org.junit.jupiter.api.Test;

import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stateless replies counted as Kamailio's sl module counts them, and ACKs to them recognised by their To tag. */
class RepliesStatsTest {

    private final Replies replies = new Replies(new MessageFactoryImpl(), new HeaderFactoryImpl(), "locus-test",
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private final List<Integer> sent = new ArrayList<>();

    private static Request invite() throws Exception {
        String text = "INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\n"
                + "Call-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        return (Request) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
    }

    /** A provider that takes every response, or refuses them all. */
    private SipProvider provider(boolean works) {
        return (SipProvider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SipProvider.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sendResponse")) {
                        if (!works) {
                            throw new SipException("no route");
                        }
                        sent.add(((Response) args[0]).getStatusCode());
                    }
                    return null;
                });
    }

    @Test
    void eachReplySentCountsInItsBucket() throws Exception {
        Request invite = invite();
        replies.send(provider(true), replies.plain(invite, 404, "Not Found"));
        replies.send(provider(true), replies.plain(invite, 404, "Not Found"));
        replies.send(provider(true), replies.plain(invite, 480, "Temporarily Unavailable"));
        replies.send(provider(true), replies.plain(invite, 200, "OK"));
        StatelessReplyFigures f = replies.figures();
        assertThat(sent).containsExactly(404, 404, 480, 200);
        assertThat(f.sent(StatelessReplyKind.R404)).isEqualTo(2);
        assertThat(f.sent(StatelessReplyKind.R4XX)).isEqualTo(1);
        assertThat(f.sent(StatelessReplyKind.R200)).isEqualTo(1);
        assertThat(f.total()).isEqualTo(4);
        assertThat(f.failures()).isZero();
    }

    @Test
    void aReplyThatCannotBeSentIsAFailureNotASentReply() throws Exception {
        replies.send(provider(false), replies.plain(invite(), 500, "Server Internal Error"));
        StatelessReplyFigures f = replies.figures();
        assertThat(f.total()).isZero();
        assertThat(f.failures()).isEqualTo(1);
    }

    @Test
    void anAckToAStatelessReplyIsAbsorbedAndCounted() throws Exception {
        Response refused = replies.plain(invite(), 404, "Not Found");
        String tag = ((ToHeader) refused.getHeader(ToHeader.NAME)).getTag();
        assertThat(replies.absorbAck(tag)).isTrue();
        assertThat(replies.figures().receivedAcks()).isEqualTo(1);
    }

    @Test
    void anAckToATransactionsReplyOrAPhonesIsNotOneOfOurs() throws Exception {
        Response onTransaction = replies.onTransaction(invite(), 487, "Request Terminated");
        assertThat(replies.absorbAck(((ToHeader) onTransaction.getHeader(ToHeader.NAME)).getTag())).isFalse();
        assertThat(replies.absorbAck("as6f1e2a")).isFalse();
        assertThat(replies.figures().receivedAcks()).isZero();
    }

    @Test
    void aRetransmissionGetsTheSameTagAsItsFirstAnswer() throws Exception {
        String first = ((ToHeader) replies.plain(invite(), 404, "Not Found").getHeader(ToHeader.NAME)).getTag();
        String again = ((ToHeader) replies.plain(invite(), 404, "Not Found").getHeader(ToHeader.NAME)).getTag();
        assertThat(again).isEqualTo(first);
    }
}
