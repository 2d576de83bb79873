package dev.locus.registrar.location;

import dev.locus.registrar.Binding;

import java.util.Comparator;

/**
 * The one rule for "which of two versions of one binding wins", used by REGISTER, Kamailio input (live updates
 * and sync answers alike, which dmq_usrloc does not tell apart) and the split-brain merge.
 *
 * <p>A binding's own history is ordered by its UA: under one Call-ID the CSeq only grows; a new Call-ID starts a
 * new registration, and only {@code last_modified} (whole seconds, the writer's clock) places it in time. So:
 * <ul>
 *   <li>{@link #isStale}: the same Call-ID with a CSeq that is not higher. The only ordering the data proves.
 *       REGISTER ignores such a request (a retransmission or an overtaken request, RFC 3261 §10.3 step 7).</li>
 *   <li>{@link #ownerOverrides}: a change arriving from the node that applied it (a Kamailio update) is applied by
 *       ruid unless it is provably older, i.e. the same Call-ID with a lower CSeq. An equal CSeq is applied too:
 *       the owner applied it (Kamailio's ul.add repeats Call-ID and CSeq). Kamailio 5.6 applies updates without
 *       any check; Locus only refuses what cannot be the owner's current state.</li>
 *   <li>{@link #LATEST}: two versions that both halves of a split applied have no owner to defer to, and the merge
 *       must give the same answer on every member whichever half merges into which: CSeq under one Call-ID, else
 *       {@code last_modified}, then the later expiry (a re-registration never shortens the expiry it sets within
 *       its second), then the higher CSeq, then the field values: a total order. Two Call-IDs registered in the
 *       same second in two halves are truly concurrent; these tie-breaks only make the choice the same everywhere.</li>
 * </ul>
 */
public final class BindingOrder {

    /** Versions of one binding, the latest last; total, so that a merge is the same from either side. */
    public static final Comparator<Binding> LATEST = BindingOrder::compare;

    private BindingOrder() {
    }

    /** Whether {@code candidate} is a repeat or an overtaken request of {@code existing}'s registration. */
    public static boolean isStale(String callId, long cseq, Binding existing) {
        return existing.callId().equals(callId) && cseq <= existing.cseq();
    }

    /** Whether a change the owner applied replaces {@code existing}: unless provably older (same Call-ID, lower CSeq). */
    public static boolean ownerOverrides(Binding candidate, Binding existing) {
        return !(existing.callId().equals(candidate.callId()) && candidate.cseq() < existing.cseq());
    }

    private static int compare(Binding a, Binding b) {
        boolean sameCall = a.callId().equals(b.callId());
        int c = sameCall ? Long.compare(a.cseq(), b.cseq()) : 0;
        if (c == 0) {
            c = Long.compare(a.lastModified(), b.lastModified());
        }
        if (c == 0) {
            // Within one second, the later expiry: losing a shorter one costs a refresh, a longer one missed calls.
            c = Long.compare(expiryOrder(a), expiryOrder(b));
        }
        if (c == 0 && !sameCall) {
            c = Long.compare(a.cseq(), b.cseq());
        }
        if (c == 0) {
            c = a.callId().compareTo(b.callId());
        }
        if (c == 0) {
            c = a.ruid().compareTo(b.ruid());
        }
        if (c == 0) {
            c = a.toString().compareTo(b.toString());
        }
        return c;
    }

    /** A permanent binding (expires 0) outlives any timed one. */
    private static long expiryOrder(Binding b) {
        return b.isPermanent() ? Long.MAX_VALUE : b.expires();
    }
}
