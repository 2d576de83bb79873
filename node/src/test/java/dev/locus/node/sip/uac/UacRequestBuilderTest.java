package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;
import org.junit.jupiter.api.Test;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UacRequestBuilderTest {

    private static final SocketSpec SOCKET = new SocketSpec("udp", "192.0.2.10", 5060);
    private final UacRequestBuilder builder;
    private final AddressFactory addresses;

    UacRequestBuilderTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        addresses = factory.createAddressFactory();
        builder = new UacRequestBuilder(factory.createMessageFactory(), factory.createHeaderFactory(), addresses,
                "Locus test");
    }

    private Request build(String method, String headers, String body) throws Exception {
        return builder.build(method, (SipURI) addresses.createURI("sip:bob@example.com"), SOCKET, headers, body);
    }

    @Test
    void writesWhatTmWritesWhenTheCallerGivesOnlyFromAndTo() throws Exception {
        Request r = build("MESSAGE", "From: <sip:alice@example.com>\r\nTo: <sip:bob@example.com>\r\n"
                + "Content-Type: text/plain\r\n", "hello");
        String text = r.toString();
        assertThat(text).startsWith("MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK");
        // tm's order after the Via, then the caller's headers; the RI writes Content-Length last.
        assertThat(text.replaceAll("(?m)^(\\S+?):.*$", "$1").split("\r\n"))
                .containsSubsequence("To", "From", "CSeq", "Call-ID", "Max-Forwards", "User-Agent", "Content-Type",
                        "Content-Length");
        assertThat(text).contains("CSeq: 10 MESSAGE\r\n").contains("Max-Forwards: 70\r\n")
                .contains("User-Agent: Locus test\r\n").contains("Content-Length: 5\r\n").endsWith("\r\n\r\nhello");
        assertThat(((FromHeader) r.getHeader(FromHeader.NAME)).getTag()).isNotBlank();
    }

    @Test
    void keepsTheCallersTagCallIdCSeqMaxForwardsAndOtherHeadersAndSubstitutesTheSocket() throws Exception {
        Request r = build("OPTIONS", "From: <sip:alice@example.com>;tag=given\nTo: <sip:bob@example.com>\n"
                + "Call-ID: call-1\nCSeq: 7 OPTIONS\nMax-Forwards: 5\nContact: <sip:rpc@!!>\nSubject: two\n lines", "");
        String text = r.toString();
        assertThat(text).contains("From: <sip:alice@example.com>;tag=given\r\n").contains("Call-ID: call-1\r\n")
                .contains("CSeq: 7 OPTIONS\r\n").contains("Max-Forwards: 5\r\n").doesNotContain("Max-Forwards: 70")
                .contains("Contact: <sip:rpc@192.0.2.10:5060>\r\n").contains("Subject: two lines\r\n")
                .contains("Content-Length: 0\r\n");
    }

    @Test
    void refusesWhatTmRefuses() {
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\n", ""), UacException.Reason.NO_TO);
        assertReason(() -> build("MESSAGE", "To: <sip:a@b>\r\n", ""), UacException.Reason.NO_FROM);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b\r\nTo: <sip:a@b>\r\n", ""), UacException.Reason.BAD_FROM);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\nTo: <sip:a@b>\r\nCSeq: x MESSAGE\r\n", ""),
                UacException.Reason.BAD_CSEQ);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\nTo: <sip:a@b>\r\nCSeq: 1 OPTIONS\r\n", ""),
                UacException.Reason.CSEQ_METHOD_MISMATCH);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\nTo: <sip:a@b>\r\n", "body"),
                UacException.Reason.NO_CONTENT_TYPE);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\nTo: <sip:a@b>\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 4\r\n", "body"), UacException.Reason.CONTENT_LENGTH_WITH_BODY);
        assertReason(() -> build("MESSAGE", "From: <sip:a@b>\r\nno colon here\r\nTo: <sip:a@b>\r\n", ""),
                UacException.Reason.BAD_HEADERS);
        assertReason(() -> UacRequestBuilder.method(""), UacException.Reason.EMPTY_METHOD);
        assertReason(() -> UacRequestBuilder.method("INVITE"), UacException.Reason.UNSUPPORTED_METHOD);
        assertReason(() -> UacRequestBuilder.method("MES SAGE"), UacException.Reason.BAD_METHOD);
        assertReason(() -> builder.sipUri("tel:+123", UacException.Reason.BAD_REQUEST_URI),
                UacException.Reason.BAD_REQUEST_URI);
    }

    @Test
    void headersAfterAnEmptyLineAreNotHeaders() {
        assertThat(HeaderBlock.lines("A: 1\r\nB: 2\r\n\r\nC: 3\r\n")).containsExactly("A: 1", "B: 2");
        assertThat(HeaderBlock.lines("A: 1\r\n\tmore\nB: 2")).containsExactly("A: 1 more", "B: 2");
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                     UacException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(UacException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
