package dev.locus.dmq.bus;

import dev.locus.dmq.KdmqResponse;
import dev.locus.dmq.DmqReply;
import dev.locus.dmq.DmqUri;
import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * KDMQ over the node's SIP stack, on the DMQ socket: requests as Kamailio 5.6 sends them (R-URI and To
 * {@code sip:<channel>@<node>}, From our own DMQ URI with a tag, CSeq {@code 10 KDMQ}), as client transactions so
 * the stack retransmits over UDP; no final answer within the timeout counts as 408. Incoming requests are
 * answered statelessly, as Kamailio's sl does.
 */
public final class KdmqTransport {

    public static final String METHOD = "KDMQ";
    private static final Logger log = LoggerFactory.getLogger(KdmqTransport.class);

    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final DmqUri local;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final String userAgent;
    private final Map<ClientTransaction, CompletableFuture<KdmqResponse>> pending = new ConcurrentHashMap<>();

    public KdmqTransport(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                         DmqUri local, Duration timeout, ScheduledExecutorService timer, String userAgent) {
        this.provider = provider;
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.local = local;
        this.timeout = timeout;
        this.timer = timer;
        this.userAgent = userAgent;
    }

    public SipProvider provider() {
        return provider;
    }

    public CompletableFuture<KdmqResponse> send(DmqUri to, String channel, int maxForwards, String contentType,
                                                String body) {
        CompletableFuture<KdmqResponse> result = new CompletableFuture<>();
        try {
            Request request = request(to, channel, maxForwards, contentType, body);
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            pending.put(transaction, result);
            transaction.sendRequest();
            timer.schedule(() -> {
                if (pending.remove(transaction) != null) {
                    result.complete(KdmqResponse.TIMEOUT);
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("cannot send KDMQ to {}: {}", to, e.toString());
            result.complete(KdmqResponse.TIMEOUT);
        }
        return result;
    }

    private Request request(DmqUri to, String channel, int maxForwards, String contentType, String body)
            throws Exception {
        SipURI target = uri(channel, to);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        CallIdHeader callId = headers.createCallIdHeader(Long.toHexString(random.nextLong()) + "@" + local.host());
        Request request = messages.createRequest(target, METHOD, callId, headers.createCSeqHeader(10L, METHOD),
                headers.createFromHeader(addresses.createAddress(uri(channel, local)), Long.toHexString(random.nextLong())),
                headers.createToHeader(addresses.createAddress(uri(channel, to)), null),
                List.of(headers.createViaHeader(local.host(), local.portNumber(), local.proto().isEmpty() ? "udp" : local.proto(), null)),
                headers.createMaxForwardsHeader(maxForwards));
        request.addHeader(text("User-Agent", userAgent));
        String[] type = contentType.split("/", 2);
        request.setContent(body.getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader(type[0], type[1]));
        return request;
    }

    private SipURI uri(String channel, DmqUri node) throws Exception {
        SipURI uri = addresses.createSipURI(channel, node.host());
        uri.setPort(node.portNumber());
        if (!node.proto().isEmpty()) {
            uri.setTransportParam(node.proto());
        }
        return uri;
    }

    /** The stack's listener hands every response received on the DMQ socket here. */
    public void onResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        Response response = event.getResponse();
        if (transaction == null || response.getStatusCode() < 200) {
            return;
        }
        CompletableFuture<KdmqResponse> result = pending.remove(transaction);
        if (result != null) {
            byte[] raw = response.getRawContent();
            result.complete(new KdmqResponse(response.getStatusCode(), raw == null ? "" : new String(raw, StandardCharsets.UTF_8)));
        }
    }

    public void onTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        CompletableFuture<KdmqResponse> result = pending.remove(event.getClientTransaction());
        if (result != null) {
            result.complete(KdmqResponse.TIMEOUT);
        }
    }

    public void reply(Request request, DmqReply reply) {
        try {
            Response response = messages.createResponse(reply.status(), request);
            response.setReasonPhrase(reply.reason());
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
            }
            response.addHeader(text("Server", userAgent));
            if (!reply.contentType().isEmpty()) {
                String[] type = reply.contentType().split("/", 2);
                response.setContent(reply.body().getBytes(StandardCharsets.UTF_8), headers.createContentTypeHeader(type[0], type[1]));
            }
            provider.sendResponse(response);
        } catch (Exception e) {
            log.debug("cannot answer a KDMQ: {}", e.toString());
        }
    }

    private static ExtensionHeaderImpl text(String name, String value) {
        ExtensionHeaderImpl header = new ExtensionHeaderImpl(name);
        header.setValue(value);
        return header;
    }
}
