package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
/**
 * The one rule for "which of two versions of a binding wins", used for Kamailio input, sync answers and
 * split-brain merges alike: the later {@code last_modified}, then the higher CSeq.
 */
public final class BindingOrder {

    private BindingOrder() {
    }

    /** Whether {@code candidate} is strictly newer than {@code existing}. */
    public static boolean isNewer(Binding candidate, Binding existing) {
        if (candidate.lastModified() != existing.lastModified()) {
            return candidate.lastModified() > existing.lastModified();
        }
        return candidate.cseq() > existing.cseq();
    }
}
