package dev.locus.node.fuzz;

import java.util.List;

/**
 * The real messages the fuzzer mutates: REGISTERs as UAs send them (the test support's {@code Register} layout,
 * outbound, Path, several contacts, a wildcard, digest credentials, compact form), an INVITE with SDP as a softphone
 * sends it, and Kamailio 5.6.3's KDMQ messages as captured in {@code ../shared/reference/dmq-protocol.md} §9
 * (node list, usrloc single and multi, htable, and a 200 to a KDMQ).
 *
 * <p>Placeholders, filled per message: {@code ${via}} the whole Via value with the sender's address (so that answers
 * come back), {@code ${tr}} the transport, {@code ${node}} the target {@code host:port}, {@code ${src}} the sender's
 * address, {@code ${id}} a token unique to the message ({@code fz<index>}: it names the message in answers and in
 * the node's log), {@code ${aor}} one of a few hundred fuzz AORs, {@code ${ts}} epoch seconds, {@code ${len}} the
 * body's length.
 */
final class Corpus {

    /** Where a template may be sent: KDMQ bodies go to the DMQ port too, and a known node's usrloc is applied. */
    enum Kind { REGISTER, INVITE, KDMQ_NODES, KDMQ_USRLOC, KDMQ_HTABLE, KDMQ_RESPONSE }

    record Template(String name, Kind kind, String text) {
    }

    private static final String REGISTER_PLAIN = """
            REGISTER sip:example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:${aor}@example.com>;tag=ft${id}\r
            To: <sip:${aor}@example.com>\r
            Call-ID: ${id}-reg@fuzz.test\r
            CSeq: 1 REGISTER\r
            Contact: <sip:${aor}@${src};transport=${tr}>\r
            Expires: 300\r
            Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, REFER, MESSAGE\r
            Supported: replaces, timer\r
            User-Agent: locus-fuzz\r
            Content-Length: 0\r
            \r
            """;

    private static final String REGISTER_OUTBOUND = """
            REGISTER sip:example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            Route: <sip:edge.example.com;lr>\r
            From: "Fuzz ${aor}" <sip:${aor}@example.com>;tag=ob${id}\r
            To: "Fuzz ${aor}" <sip:${aor}@example.com>\r
            Call-ID: ${id}-ob@fuzz.test\r
            CSeq: 20 REGISTER\r
            Supported: path, outbound, gruu\r
            Path: <sip:edge.example.com;lr;ob>\r
            Contact: <sip:${aor}@${src}:5062;transport=${tr};ob>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1;q=0.7;expires=600;+sip.ice\r
            User-Agent: Linphone/5.2.0 (Fuzz) LinphoneCore/5.2.0\r
            Content-Length: 0\r
            \r
            """;

    private static final String REGISTER_MANY = """
            REGISTER sip:example.com:5060 SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:${aor}@example.com>;tag=mc${id}\r
            To: <sip:${aor}@example.com>\r
            Call-ID: ${id}-many@fuzz.test\r
            CSeq: 3 REGISTER\r
            Contact: <sip:${aor}@127.0.0.251:5060>;q=1.0, <sip:${aor}@[::1]:5070;transport=tcp>;expires=120\r
            Contact: "Desk" <sip:${aor}@127.0.0.252>;q=0.1;expires=3600\r
            Contact: sip:${aor}@127.0.0.253:5080;user=phone\r
            Expires: 1800\r
            Content-Length: 0\r
            \r
            """;

    private static final String REGISTER_WILDCARD = """
            REGISTER sip:example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:${aor}@example.com>;tag=wc${id}\r
            To: <sip:${aor}@example.com>\r
            Call-ID: ${id}-wc@fuzz.test\r
            CSeq: 9 REGISTER\r
            Contact: *\r
            Expires: 0\r
            Content-Length: 0\r
            \r
            """;

    private static final String REGISTER_DIGEST = """
            REGISTER sip:example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: <sip:${aor}@example.com>;tag=au${id}\r
            To: <sip:${aor}@example.com>\r
            Call-ID: ${id}-auth@fuzz.test\r
            CSeq: 2 REGISTER\r
            Contact: <sip:${aor}@${src};transport=${tr}>;expires=3600\r
            Authorization: Digest username="${aor}", realm="example.com", nonce="AAAAAGbN1cL2iZ7Pq9o4nXy7m0aG1a2b3c4d5e6f7a8b9c0", uri="sip:example.com", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001, opaque=""\r
            User-Agent: Zoiper rv2.10.19.5\r
            Content-Length: 0\r
            \r
            """;

    private static final String REGISTER_COMPACT = """
            REGISTER sip:example.com SIP/2.0\r
            v: ${via}\r
            Max-Forwards: 70\r
            f: <sip:${aor}@example.com>;tag=cp${id}\r
            t: <sip:${aor}@example.com>\r
            i: ${id}-compact@fuzz.test\r
            CSeq: 5 REGISTER\r
            m: <sip:${aor}@${src};transport=${tr}>;expires=900\r
            k: path\r
            l: 0\r
            \r
            """;

    private static final String INVITE_SDP_BODY = """
            v=0\r
            o=- 3912376541 3912376541 IN IP4 ${src}\r
            s=locus-fuzz\r
            c=IN IP4 ${src}\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0 8 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-16\r
            a=ptime:20\r
            a=sendrecv\r
            """;

    private static final String INVITE = """
            INVITE sip:${aor}@example.com SIP/2.0\r
            Via: ${via}\r
            Max-Forwards: 70\r
            From: "Caller" <sip:caller@example.com>;tag=iv${id}\r
            To: <sip:${aor}@example.com>\r
            Call-ID: ${id}-inv@fuzz.test\r
            CSeq: 102 INVITE\r
            Contact: <sip:caller@${src};transport=${tr}>\r
            Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r
            Supported: timer, 100rel\r
            Session-Expires: 1800;refresher=uac\r
            Content-Type: application/sdp\r
            Content-Length: ${len}\r
            \r
            """ + INVITE_SDP_BODY;

    /** §9.2: a node list, as Kamailio sends it on joining (its own line and what it knows). */
    private static final String KDMQ_NODES = """
            KDMQ sip:notification_peer@${node} SIP/2.0\r
            Via: ${via}\r
            To: <sip:notification_peer@${node}>\r
            From: <sip:notification_peer@${src}>;tag=ac55575bd351e7f00bb6be1cb30a9eaf-${id}\r
            CSeq: 10 KDMQ\r
            Call-ID: ${id}-nodes@${src}\r
            Content-Length: ${len}\r
            User-Agent: kamailio (5.6.3 (x86_64/linux))\r
            Max-Forwards: 2\r
            Content-Type: text/plain\r
            \r
            sip:${src};status=active\r
            sip:${node};status=active\r
            """;

    private static final String USRLOC_ACTION_1 = "{\"action\":1,\"aor\":\"${aor}\",\"ruid\":\"uloc-${id}-6337-1\","
            + "\"c\":\"sip:${aor}@127.0.0.20:5071;transport=udp\",\"received\":\"\",\"path\":\"\","
            + "\"callid\":\"${id}-dmq@sipp.test\",\"user_agent\":\"sipp-dmq-test\",\"instance\":\"\","
            + "\"expires\":${exp},\"cseq\":1,\"flags\":0,\"cflags\":0,\"q\":-1,\"last_modified\":${ts},"
            + "\"methods\":4294967295,\"reg_id\":0,\"server_id\":0}";

    private static final String USRLOC_ACTION_2 = USRLOC_ACTION_1.replace("{\"action\":1", "{\"action\":2");

    private static final String KDMQ_USRLOC_HEAD = """
            KDMQ sip:usrloc@${node} SIP/2.0\r
            Via: ${via}\r
            To: <sip:usrloc@${node}>\r
            From: <sip:usrloc@${src}>;tag=ac55575bd351e7f00bb6be1cb30a9eaf-${id}\r
            CSeq: 10 KDMQ\r
            Call-ID: ${id}-usrloc@${src}\r
            Content-Length: ${len}\r
            User-Agent: kamailio (5.6.3 (x86_64/linux))\r
            Max-Forwards: 1\r
            Content-Type: application/json\r
            \r
            """;

    private static final String KDMQ_HTABLE = """
            KDMQ sip:htable@${node} SIP/2.0\r
            Via: ${via}\r
            To: <sip:htable@${node}>\r
            From: <sip:htable@${src}>;tag=ac55575bd351e7f00bb6be1cb30a9eaf-${id}\r
            CSeq: 10 KDMQ\r
            Call-ID: ${id}-htable@${src}\r
            Content-Length: ${len}\r
            User-Agent: kamailio (5.6.3 (x86_64/linux))\r
            Max-Forwards: 1\r
            Content-Type: application/json\r
            \r
            {"action":2,"htname":"dmqt","cname":"s1","type":2,"strval":"hello","mode":1}""";

    /** §9.2: Kamailio's 200 to a notification, a response arriving where no request went. */
    private static final String KDMQ_200 = """
            SIP/2.0 200 OK\r
            Via: ${via}\r
            To: <sip:notification_peer@${node}>;tag=a45363010201c12697c26728a1ea42a4.24a5b5d9\r
            From: <sip:notification_peer@${src}>;tag=128db0869d012b9c2adee6bf7dd80e74-${id}\r
            CSeq: 10 KDMQ\r
            Call-ID: ${id}-ok@${src}\r
            Content-Type: text/plain\r
            Server: kamailio (5.6.3 (x86_64/linux))\r
            Content-Length: ${len}\r
            \r
            sip:${src};status=active\r
            sip:${node};status=active\r
            """;

    static final List<Template> ALL = List.of(
            new Template("register", Kind.REGISTER, REGISTER_PLAIN),
            new Template("register-outbound", Kind.REGISTER, REGISTER_OUTBOUND),
            new Template("register-many", Kind.REGISTER, REGISTER_MANY),
            new Template("register-wildcard", Kind.REGISTER, REGISTER_WILDCARD),
            new Template("register-digest", Kind.REGISTER, REGISTER_DIGEST),
            new Template("register-compact", Kind.REGISTER, REGISTER_COMPACT),
            new Template("invite", Kind.INVITE, INVITE),
            new Template("kdmq-nodes", Kind.KDMQ_NODES, KDMQ_NODES),
            new Template("kdmq-usrloc-insert", Kind.KDMQ_USRLOC, KDMQ_USRLOC_HEAD + USRLOC_ACTION_1),
            new Template("kdmq-usrloc-delete", Kind.KDMQ_USRLOC, KDMQ_USRLOC_HEAD + USRLOC_ACTION_2),
            new Template("kdmq-usrloc-multi", Kind.KDMQ_USRLOC, KDMQ_USRLOC_HEAD + "{\"multi\":{\"1\":"
                    + USRLOC_ACTION_1 + ",\"2\":" + USRLOC_ACTION_1.replace("-6337-1", "-6337-2")
                    .replace("127.0.0.20:5071", "127.0.0.21:5072") + "}}"),
            new Template("kdmq-htable", Kind.KDMQ_HTABLE, KDMQ_HTABLE),
            new Template("kdmq-200", Kind.KDMQ_RESPONSE, KDMQ_200));

    private Corpus() {
    }
}
