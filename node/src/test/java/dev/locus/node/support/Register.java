package dev.locus.node.support;

import java.util.ArrayList;
import java.util.List;

/** Writes REGISTER requests as text: the defaults of a plain UA, with a wither per header a test varies. */
public final class Register {

    private final String user;
    private final String domain;
    private String callId;
    private long cseq = 1;
    private final List<String> contacts = new ArrayList<>();
    private final List<String> extra = new ArrayList<>();
    private Long expires;
    private int branch;

    private Register(String user, String domain) {
        this.user = user;
        this.domain = domain;
        this.callId = user + "-" + System.nanoTime() + "@test";
    }

    public static Register of(String user, String domain) {
        return new Register(user, domain);
    }

    public Register callId(String id) {
        this.callId = id;
        return this;
    }

    public Register cseq(long seq) {
        this.cseq = seq;
        return this;
    }

    public Register contact(String value) {
        contacts.add(value);
        return this;
    }

    public Register expires(long seconds) {
        this.expires = seconds;
        return this;
    }

    public Register header(String line) {
        extra.add(line);
        return this;
    }

    /** The same request with the next CSeq, as a UA's refresh. */
    public Register next() {
        cseq++;
        return this;
    }

    public String to(SipClient client) {
        StringBuilder sb = new StringBuilder();
        sb.append("REGISTER sip:").append(domain).append(" SIP/2.0\r\n");
        sb.append("Via: ").append(client.via(callId.hashCode() + "." + cseq + "." + (branch++))).append("\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:").append(user).append('@').append(domain).append(">;tag=ft").append(Math.abs(callId.hashCode())).append("\r\n");
        sb.append("To: <sip:").append(user).append('@').append(domain).append(">\r\n");
        sb.append("Call-ID: ").append(callId).append("\r\n");
        sb.append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        for (String c : contacts) {
            sb.append("Contact: ").append(c).append("\r\n");
        }
        if (expires != null) {
            sb.append("Expires: ").append(expires).append("\r\n");
        }
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        sb.append("User-Agent: locus-it\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }
}
