package dev.locus.registrar.auth;

import java.util.concurrent.ConcurrentMap;

/**
 * What the cluster has seen of each live nonce: the highest nonce count accepted, a digest of the request that
 * used it, and how many wrong responses were computed on it. Kept in a map every node shares (a Hazelcast map
 * whose entries live as long as a nonce, in a node), updated by compare-and-set, so a (nonce, nc) used on one node
 * is refused on every node, and password guesses are counted wherever they land.
 *
 * <p>Only a byte-identical retransmission of the request that used a (nonce, nc) gets the same answer again; the
 * same Authorization on any other request (another Contact, {@code Contact: *}) is a replay.
 */
public final class NonceCounts {

    public enum Use { FIRST, RETRANSMISSION, REPLAY }

    /** Wrong responses a nonce takes before it is refused: a guesser must fetch a new challenge every few tries. */
    public static final int MAX_FAILURES = 3;

    private record Seen(long nc, String request, int failures) {

        static Seen parse(String s) {
            String[] p = s.split("\\|", 3);
            return new Seen(Long.parseLong(p[0]), p[1], Integer.parseInt(p[2]));
        }

        String format() {
            return nc + "|" + request + "|" + failures;
        }
    }

    private final ConcurrentMap<String, String> seen;

    /** @param seen keyed by nonce; its entries should expire with the nonce (a map TTL) */
    public NonceCounts(ConcurrentMap<String, String> seen) {
        this.seen = seen;
    }

    /**
     * @param request a digest of the whole request, so a retransmission can be told from a replay
     * @throws NonceStoreUnavailableException when the map cannot answer
     */
    public Use use(String nonce, long nc, String request) {
        try {
            return record(nonce, nc, request);
        } catch (RuntimeException e) {
            throw new NonceStoreUnavailableException(e);
        }
    }

    private Use record(String nonce, long nc, String request) {
        while (true) {
            String current = seen.get(nonce);
            if (current == null) {
                if (seen.putIfAbsent(nonce, new Seen(nc, request, 0).format()) == null) {
                    return Use.FIRST;
                }
                continue;
            }
            Seen previous = Seen.parse(current);
            if (nc <= previous.nc()) {
                return nc == previous.nc() && request.equals(previous.request()) ? Use.RETRANSMISSION : Use.REPLAY;
            }
            if (seen.replace(nonce, current, new Seen(nc, request, previous.failures()).format())) {
                return Use.FIRST;
            }
        }
    }

    /** Counts a wrong response computed on this nonce. */
    public void failed(String nonce) {
        try {
            countFailure(nonce);
        } catch (RuntimeException e) {
            throw new NonceStoreUnavailableException(e);
        }
    }

    private void countFailure(String nonce) {
        while (true) {
            String current = seen.get(nonce);
            if (current == null) {
                if (seen.putIfAbsent(nonce, new Seen(0, "", 1).format()) == null) {
                    return;
                }
                continue;
            }
            Seen previous = Seen.parse(current);
            if (seen.replace(nonce, current, new Seen(previous.nc(), previous.request(), previous.failures() + 1).format())) {
                return;
            }
        }
    }

    /** Whether this nonce has taken {@link #MAX_FAILURES} wrong responses and must no longer be accepted. */
    public boolean exhausted(String nonce) {
        String current;
        try {
            current = seen.get(nonce);
        } catch (RuntimeException e) {
            throw new NonceStoreUnavailableException(e);
        }
        return current != null && Seen.parse(current).failures() >= MAX_FAILURES;
    }
}
