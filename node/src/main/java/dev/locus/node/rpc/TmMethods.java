package dev.locus.node.rpc;

import dev.locus.node.sip.uac.UacException;
import dev.locus.node.sip.uac.UacReply;
import dev.locus.node.sip.uac.UacRequest;
import dev.locus.node.sip.uac.UacSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio's {@code tm.t_uac_start}, {@code tm.t_uac_wait} and {@code tm.t_uac_wait_block}: params method,
 * Request-URI, next hop ({@code .} = none), socket ({@code .} = the default), headers (From and To at least, CRLF
 * separated) and an optional body. Faults are tm's (400 with its texts). A waiting call is answered when the final
 * reply comes (at most {@code tm.fr_timer_ms}) and holds no RPC thread meanwhile; at most {@code tm.max_waiting}
 * wait at once.
 */
public final class TmMethods {

    /** JSON-RPC 2.0's server-error range: Kamailio has no such limit, hence no code to copy. */
    static final int BUSY = -32001;
    /** Beyond fr_timer, a guard: the sender answers 408 itself by then. */
    private static final Duration GUARD = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(TmMethods.class);

    private final UacSender sender;
    private final Semaphore waiting;
    private final int maxWaiting;
    private final Duration frTimer;

    public TmMethods(UacSender sender, int maxWaiting, Duration frTimer) {
        this.sender = sender;
        this.waiting = new Semaphore(maxWaiting);
        this.maxWaiting = maxWaiting;
        this.frTimer = frTimer;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("tm.t_uac_start", "starts a tm uac using  a list of string parameters: method, ruri, "
                + "dst_uri, send_sock, headers (CRLF separated) and body (optional)", params -> {
            send(params);
            return null;
        });
        methods.register("tm.t_uac_wait", "starts a tm uac and waits for the final reply, using a list of string "
                + "parameters: method, ruri, dst_uri send_sock, headers (CRLF separated) and body (optional)",
                RpcMethod.delayed(params -> await(params).thenApply(UacResults::waited)));
        methods.register("tm.t_uac_wait_block", "starts a tm uac and waits for the final reply in blocking mode, "
                + "using a list of string parameters: method, ruri, dst_uri send_sock, headers (CRLF separated) and "
                + "body (optional)", RpcMethod.delayed(params -> await(params).thenApply(UacResults::blocked)));
    }

    /** The final reply, to come; no RPC thread waits for it (Kamailio's delayed reply). */
    private CompletableFuture<UacReply> await(Params params) throws RpcException {
        if (!waiting.tryAcquire()) {
            throw new RpcException(BUSY, "Too many waiting t_uac calls (tm.max_waiting=" + maxWaiting + ")");
        }
        try {
            // A guard on a copy: the sender answers 408 itself at fr_timer, and counts its own transactions.
            CompletableFuture<UacReply> reply = send(params).copy()
                    .completeOnTimeout(UacReply.timeout(), frTimer.plus(GUARD).toMillis(), TimeUnit.MILLISECONDS);
            reply.whenComplete((r, failure) -> waiting.release());
            return reply;
        } catch (RpcException | RuntimeException e) {
            waiting.release();
            throw e;
        }
    }

    private CompletableFuture<UacReply> send(Params params) throws RpcException {
        UacRequest request = new UacRequest(params.string(0, "method"), params.string(1, "ruri"),
                params.string(2, "next_hop"), params.string(3, "socket"), params.string(4, "headers"),
                params.optionalString(5, "body").orElse(""));
        try {
            return sender.send(request);
        } catch (UacException e) {
            log.debug("t_uac refused: {} ({})", e.reason(), e.getMessage());
            throw fault(e, request);
        }
    }

    /** tm's fault for each reason (rpc_uac.c), where tm has one. */
    static RpcException fault(UacException e, UacRequest r) {
        return switch (e.reason()) {
            case EMPTY_METHOD -> new RpcException(400, "Empty method");
            case BAD_METHOD -> new RpcException(400, "Invalid method \"" + r.method() + "\"");
            case UNSUPPORTED_METHOD -> new RpcException(400, "Method not supported: " + r.method()
                    + " (Locus sends no INVITE, ACK or CANCEL)");
            case BAD_REQUEST_URI -> new RpcException(400, "Invalid request uri \"" + r.requestUri() + "\"");
            case BAD_NEXT_HOP -> new RpcException(400, "Invalid next-hop uri \"" + r.nextHop() + "\"");
            case BAD_SOCKET -> new RpcException(400, "Invalid send socket \"" + r.socket() + "\"");
            case NO_SUCH_SOCKET -> new RpcException(400, "No local socket for \"" + r.socket() + "\"");
            case BAD_HEADERS -> new RpcException(400, "Invalid headers - " + e.getMessage());
            case NO_TO -> new RpcException(400, "To missing");
            case NO_FROM -> new RpcException(400, "From missing");
            case BAD_FROM -> new RpcException(400, "Error in From");
            case BAD_CSEQ -> new RpcException(400, "Non-numerical CSeq");
            case CSEQ_METHOD_MISMATCH -> new RpcException(400, "CSeq method mismatch");
            case NO_CONTENT_TYPE -> new RpcException(400, "Content-Type missing");
            case CONTENT_LENGTH_WITH_BODY -> new RpcException(400, "Content-Length disallowed");
            // tm's t_uac failing to find a socket for the destination (E_NO_SOCKET through err2reason_phrase).
            case CANNOT_SEND -> new RpcException(500, "I'm terribly sorry, server error occurred (7/RPC/UAC)");
            case TOO_MANY_TRANSACTIONS -> new RpcException(BUSY, "Too many t_uac requests waiting for their final "
                    + "reply (tm.max_transactions=" + e.getMessage() + ")");
        };
    }
}
