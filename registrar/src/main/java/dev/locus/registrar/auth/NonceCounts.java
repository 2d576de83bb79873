package dev.locus.registrar.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * The highest nonce count this node accepted per nonce, so a captured Authorization cannot be replayed while its
 * nonce lives. A retransmission of the very same REGISTER (same nc, Call-ID and CSeq) is not a replay: it must get
 * the same answer again. Kept per node: a replay sent to another node of the cluster is caught there only if it
 * saw the nonce (documented limit).
 */
public final class NonceCounts {

    public enum Use { FIRST, RETRANSMISSION, REPLAY }

    private record Seen(long nc, String callId, long cseq) {
    }

    private final Cache<String, Seen> seen;

    public NonceCounts(Duration nonceLifetime, long maxNonces) {
        this.seen = Caffeine.newBuilder().expireAfterWrite(nonceLifetime.plusSeconds(10)).maximumSize(maxNonces).build();
    }

    public Use use(String nonce, long nc, String callId, long cseq) {
        Use[] verdict = new Use[1];
        seen.asMap().compute(nonce, (key, previous) -> {
            if (previous == null || nc > previous.nc()) {
                verdict[0] = Use.FIRST;
                return new Seen(nc, callId, cseq);
            }
            verdict[0] = nc == previous.nc() && callId.equals(previous.callId()) && cseq == previous.cseq()
                    ? Use.RETRANSMISSION : Use.REPLAY;
            return previous;
        });
        return verdict[0];
    }
}
