package dev.locus.registrar.sip;

import dev.locus.registrar.auth.DigestResponse;
import dev.locus.registrar.auth.DigestRole;
import org.junit.jupiter.api.Test;

import javax.sip.SipFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import static org.assertj.core.api.Assertions.assertThat;

/** Which credentials header a check reads, which one a forwarded request loses, and what a challenge looks like. */
class DigestCheckTest {

    private static final String OURS = "Digest username=\"alice\", realm=\"example.com\", nonce=\"n1\", "
            + "uri=\"sip:bob@example.com\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5, qop=auth, "
            + "nc=00000001, cnonce=\"c1\"";
    private static final String THEIRS = "Digest username=\"alice\", realm=\"carrier.example\", nonce=\"n2\", "
            + "uri=\"sip:bob@example.com\", response=\"fedcba9876543210fedcba9876543210\"";

    private final MessageFactory messages;
    private final HeaderFactory headers;

    DigestCheckTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
    }

    private Request invite(String... extraHeaders) throws Exception {
        return messages.createRequest("INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=a\r\nTo: <sip:bob@example.com>\r\nCall-ID: c1\r\n"
                + "CSeq: 1 INVITE\r\n" + String.join("", extraHeaders) + "Content-Length: 0\r\n\r\n");
    }

    private static List<String> values(Request request, String name) {
        List<String> values = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(name); it.hasNext(); ) {
            String h = it.next().toString().trim();
            values.add(h.substring(h.indexOf(':') + 1).trim());
        }
        return values;
    }

    @Test
    void theProxyReadsProxyAuthorizationForItsRealmOnly() throws Exception {
        Request request = invite("Authorization: " + OURS.replace("alice", "eve") + "\r\n",
                "Proxy-Authorization: " + THEIRS + "\r\n", "Proxy-Authorization: " + OURS + "\r\n");
        DigestResponse read = DigestCheck.credentialsFor(request, DigestRole.PROXY, "example.com").orElseThrow();
        assertThat(read.username()).isEqualTo("alice");
        assertThat(read.nonce()).isEqualTo("n1");
        assertThat(DigestCheck.credentialsFor(request, DigestRole.REGISTRAR, "example.com").orElseThrow().username())
                .isEqualTo("eve");
        assertThat(DigestCheck.credentialsFor(request, DigestRole.PROXY, "other.example")).isEmpty();
    }

    @Test
    void consumingRemovesOurCredentialsAndKeepsAnotherRealmsInOrder() throws Exception {
        String third = THEIRS.replace("carrier.example", "third.example");
        Request request = invite("Proxy-Authorization: " + THEIRS + "\r\n", "Proxy-Authorization: " + OURS + "\r\n",
                "Proxy-Authorization: " + third + "\r\n");
        DigestCheck.consume(request, DigestRole.PROXY, "example.com");
        assertThat(values(request, "Proxy-Authorization")).hasSize(2)
                .allSatisfy(v -> assertThat(v).doesNotContain("realm=\"example.com\""));
        assertThat(values(request, "Proxy-Authorization").get(0)).contains("carrier.example");
        assertThat(values(request, "Proxy-Authorization").get(1)).contains("third.example");
    }

    @Test
    void consumingTheOnlyCredentialsLeavesNoHeader() throws Exception {
        Request request = invite("Proxy-Authorization: " + OURS + "\r\n");
        DigestCheck.consume(request, DigestRole.PROXY, "example.com");
        assertThat(request.getHeader("Proxy-Authorization")).isNull();
        assertThat(request.toString()).doesNotContainIgnoringCase("proxy-authorization");
    }

    @Test
    void consumingWithoutOurCredentialsChangesNothing() throws Exception {
        Request request = invite("Proxy-Authorization: " + THEIRS + "\r\n");
        String before = request.toString();
        DigestCheck.consume(request, DigestRole.PROXY, "example.com");
        assertThat(request.toString()).isEqualTo(before);
    }

    @Test
    void theProxyChallengesWith407AndProxyAuthenticate() throws Exception {
        Replies replies = new Replies(messages, headers, "Locus", new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        Response challenge = replies.challenge(invite(), DigestRole.PROXY, List.of("Digest realm=\"example.com\", a=1",
                "Digest realm=\"example.com\", a=2"));
        assertThat(challenge.getStatusCode()).isEqualTo(407);
        assertThat(challenge.getReasonPhrase()).isEqualTo("Proxy Authentication Required");
        assertThat(challenge.toString()).contains("Proxy-Authenticate: Digest realm=\"example.com\", a=1\r\n"
                + "Proxy-Authenticate: Digest realm=\"example.com\", a=2\r\n");
        assertThat(challenge.getHeader("WWW-Authenticate")).isNull();
    }
}
