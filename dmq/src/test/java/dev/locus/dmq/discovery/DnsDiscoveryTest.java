package dev.locus.dmq.discovery;

import dev.locus.dmq.DmqUri;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery name's expansion against a fake DNS server (dnsjava's Resolver answering from a function). */
class DnsDiscoveryTest {

    private static final DmqUri SEED = DmqUri.parse("sip:locus.test:5090");

    private static DnsDiscovery discovery(Function<Message, Message> server) {
        return new DnsDiscovery(List.of(SEED), () -> new FakeResolver(server));
    }

    /** Answers A queries for locus.test with {@code addresses}, every other query with no records. */
    private static Function<Message, Message> aRecords(List<String> addresses) {
        return query -> {
            Message reply = reply(query, Rcode.NOERROR);
            Record question = query.getQuestion();
            if (question.getType() == Type.A) {
                addresses.forEach(ip -> reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, address(ip)),
                        Section.ANSWER));
            }
            return reply;
        };
    }

    @Test
    void aNameWithFortyARecordsIsFortyNodes() {
        List<String> ips = IntStream.rangeClosed(1, 40).mapToObj(i -> "192.0.2." + i).toList();
        Resolution resolved = discovery(aRecords(ips)).resolve();
        assertThat(resolved).isInstanceOf(Resolution.Answer.class);
        assertThat(((Resolution.Answer) resolved).nodes()).hasSize(40)
                .contains(DmqUri.of("192.0.2.1", 5090), DmqUri.of("192.0.2.40", 5090));
    }

    @Test
    void aServerThatDoesNotAnswerIsAFailureNotAnEmptyAnswer() {
        Resolution resolved = discovery(query -> null).resolve();
        assertThat(resolved).isInstanceOf(Resolution.Failure.class);
    }

    @Test
    void aServerFailureIsAFailure() {
        assertThat(discovery(query -> reply(query, Rcode.SERVFAIL)).resolve()).isInstanceOf(Resolution.Failure.class);
    }

    @Test
    void aTypeTheServerRefusesDoesNotHideTheRecordsOfTheOthers() {
        Function<Message, Message> aOnly = aRecords(List.of("192.0.2.1"));
        Resolution resolved = discovery(query -> query.getQuestion().getType() == Type.SRV
                ? reply(query, Rcode.REFUSED) : aOnly.apply(query)).resolve();
        assertThat(resolved).isEqualTo(new Resolution.Answer(List.of(DmqUri.of("192.0.2.1", 5090))));
    }

    @Test
    void aNameThatDoesNotExistIsAnEmptyAnswer() {
        assertThat(discovery(query -> reply(query, Rcode.NXDOMAIN)).resolve()).isEqualTo(new Resolution.Answer(List.of()));
    }

    @Test
    void anAaaaRecordIsANodeInBrackets() {
        Resolution resolved = discovery(query -> {
            Message reply = reply(query, Rcode.NOERROR);
            Record question = query.getQuestion();
            if (question.getType() == Type.AAAA) {
                reply.addRecord(new AAAARecord(question.getName(), DClass.IN, 60, address("::1")), Section.ANSWER);
            }
            return reply;
        }).resolve();
        assertThat(((Resolution.Answer) resolved).nodes()).containsExactly(DmqUri.parse("sip:[::1]:5090"));
        assertThat(((Resolution.Answer) resolved).nodes().get(0).text()).isEqualTo("sip:[::1]:5090");
    }

    private static Message reply(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A DNS server in a function: null stands for no answer (a timeout). */
    private record FakeResolver(Function<Message, Message> server) implements Resolver {

        @Override
        public Message send(Message query) throws IOException {
            Message reply = server.apply(query);
            if (reply == null) {
                throw new SocketTimeoutException("timed out");
            }
            return reply;
        }

        @Override
        public void setPort(int port) {
        }

        @Override
        public void setTCP(boolean flag) {
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        }

        @Override
        public void setTSIGKey(TSIG key) {
        }

        @Override
        public void setTimeout(Duration timeout) {
        }
    }
}
