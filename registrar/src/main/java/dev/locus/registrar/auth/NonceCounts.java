package dev.locus.registrar.auth;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the cluster has seen of each live nonce ({@link NonceRecord}), in a map every node shares (a Hazelcast map
 * whose entries live as long as a nonce), changed by entry processors, so a (nonce, nc) used on one node is refused
 * on every node, and password guesses are counted wherever they land.
 *
 * <p>Only a byte-identical retransmission of the request that used a (nonce, nc) gets the same answer again; the
 * same Authorization on any other request (another Contact, {@code Contact: *}) is a replay.
 *
 * <p>Callers are SIP threads: every call waits at most {@code timeout}, then fails as unavailable (the UA gets a
 * 500 with Retry-After), so a stalled partition cannot hold the threads for Hazelcast's own call timeout (60 s).
 */
public final class NonceCounts {

    public enum Use { FIRST, RETRANSMISSION, REPLAY }

    /** Wrong responses a nonce takes before it is refused: a guesser must fetch a new challenge every few tries. */
    public static final int MAX_FAILURES = 3;

    private static final Use[] USES = Use.values();

    private final NonceRecords records;
    private final long timeoutNanos;

    public NonceCounts(NonceRecords records, Duration timeout) {
        this.records = records;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * @param request a digest of the whole request, so a retransmission can be told from a replay
     * @throws NonceStoreUnavailableException when the map does not answer in time
     */
    public Use use(String nonce, long nc, String request) {
        return USES[await(records.submit(nonce, new NonceUse(nc, request)))];
    }

    /** Counts a wrong response computed on this nonce. */
    public void failed(String nonce) {
        await(records.submit(nonce, new NonceFailure()));
    }

    /** Whether this nonce has taken {@link #MAX_FAILURES} wrong responses and must no longer be accepted. */
    public boolean exhausted(String nonce) {
        String current = await(records.get(nonce));
        return current != null && NonceRecord.parse(current).failures() >= MAX_FAILURES;
    }

    private <T> T await(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NonceStoreUnavailableException(e);
        } catch (ExecutionException e) {
            throw new NonceStoreUnavailableException(e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new NonceStoreUnavailableException(e);
        }
    }
}
