package dev.locus.node.rpc.binrpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.node.rpc.RpcException;
import dev.locus.node.rpc.RpcMethod;
import dev.locus.node.rpc.RpcMethods;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** One request packet in, ctl's answer out: results, faults and their codes, and the reply limit. */
class BinrpcCallsTest {

    private static final int COOKIE = 0x1234abcd;
    private final CompletableFuture<com.fasterxml.jackson.databind.JsonNode> later = new CompletableFuture<>();
    private final RpcMethods methods = new RpcMethods()
            .register("t.echo", "", p -> JsonNodeFactory.instance.textNode(p.string(0, "text") + "/" + p.integer(1, "n")))
            .register("t.fault", "", p -> {
                throw new RpcException(404, "Record not found");
            })
            .register("t.bug", "", p -> {
                throw new IllegalStateException("a bug");
            })
            .register("t.internal", "", p -> {
                throw RpcException.internalError();
            })
            .register("t.big", "", p -> JsonNodeFactory.instance.textNode("x".repeat(2000)))
            .register("t.later", "", RpcMethod.delayed(p -> later));
    private final BinrpcCalls calls = new BinrpcCalls(methods, Runnable::run);

    private static BinrpcPacket request(BinrpcValue... records) throws Exception {
        BinrpcWriter w = new BinrpcWriter(1 << 16);
        for (BinrpcValue r : records) {
            w.value(r);
        }
        return new BinrpcPacket(BinrpcTypes.REQUEST, COOKIE, w.toByteArray());
    }

    private static BinrpcValue.Str str(String s) {
        return new BinrpcValue.Str(s);
    }

    private BinrpcPacket answer(BinrpcPacket request) throws Exception {
        byte[] bytes = calls.answer(request, 1024).toCompletableFuture().join().packet();
        BinrpcPacket.Header h = BinrpcPacket.readHeader(bytes, bytes.length);
        assertThat(h.cookie()).isEqualTo(COOKIE);
        return BinrpcPacket.of(h, bytes);
    }

    private List<BinrpcValue> records(BinrpcPacket p) throws Exception {
        return BinrpcReader.readAll(p.body());
    }

    private void assertFault(BinrpcPacket request, int code, String message) throws Exception {
        BinrpcPacket p = answer(request);
        assertThat(p.type()).isEqualTo(BinrpcTypes.FAULT);
        assertThat(records(p)).containsExactly(new BinrpcValue.Int(code), str(message));
    }

    @Test
    void aMethodsResultIsTheReplyAndItsParamsArriveTyped() throws Exception {
        BinrpcPacket p = answer(request(str("t.echo"), str("a"), new BinrpcValue.Int(7)));
        assertThat(p.type()).isEqualTo(BinrpcTypes.REPLY);
        assertThat(records(p)).containsExactly(str("a/7"));
    }

    @Test
    void faultsCarryKamailiosCodes() throws Exception {
        assertFault(request(str("no.such")), 500, "command no.such not found");
        assertFault(request(str("t.fault")), 404, "Record not found");
        assertFault(request(str("t.bug")), 500, "internal server error");
        assertFault(request(str("t.internal")), 500, "internal server error");
        // JSON-RPC's invalid params (-32602) is ctl's 400 for a request it cannot use.
        assertFault(request(str("t.echo"), new BinrpcValue.Int(1)), 400, "parameter text (position 1) must be a string, not number 1");
        assertFault(request(str("t.echo")), 400, "missing parameter text (position 1)");
    }

    @Test
    void aRequestWithoutAMethodNameIsABadRequestAndClosesTheConnection() throws Exception {
        BinrpcCalls.Answer a = calls.answer(request(new BinrpcValue.Int(1)), 1024).toCompletableFuture().join();
        assertThat(a.close()).isTrue();
        BinrpcPacket p = BinrpcPacket.of(BinrpcPacket.readHeader(a.packet(), a.packet().length), a.packet());
        assertThat(records(p)).containsExactly(new BinrpcValue.Int(400), str("bad request method: record doesn't match type"));
        assertThat(calls.answer(new BinrpcPacket(BinrpcTypes.REQUEST, COOKIE, new byte[]{0x0f}), 1024)
                .toCompletableFuture().join().close()).isTrue();
        assertThat(calls.answer(new BinrpcPacket(BinrpcTypes.REPLY, COOKIE, new byte[0]), 1024)
                .toCompletableFuture().join().close()).as("a reply is no request").isTrue();
    }

    @Test
    void aReplyBeyondTheLimitIsReplacedByAFault() throws Exception {
        BinrpcPacket p = answer(request(str("t.big")));
        assertThat(p.type()).isEqualTo(BinrpcTypes.FAULT);
        assertThat(((BinrpcValue.Str) records(p).get(1)).value()).startsWith("reply too large: exceeds 1024 bytes");
    }

    @Test
    void aDelayedMethodIsAnsweredWhenItCompletes() throws Exception {
        CompletableFuture<BinrpcCalls.Answer> pending = calls.answer(request(str("t.later")), 1024).toCompletableFuture();
        assertThat(pending).isNotDone();
        later.complete(JsonNodeFactory.instance.objectNode().put("code", 200));
        byte[] bytes = pending.join().packet();
        BinrpcPacket p = BinrpcPacket.of(BinrpcPacket.readHeader(bytes, bytes.length), bytes);
        assertThat(records(p)).containsExactly(new BinrpcValue.Struct(List.of(
                BinrpcValue.Member.named("code", new BinrpcValue.Int(200)))));
    }
}
