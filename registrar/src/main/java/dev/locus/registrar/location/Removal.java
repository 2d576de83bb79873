package dev.locus.registrar.location;

import dev.locus.registrar.Binding;

/**
 * A tombstone: the record that a binding was removed (ul.rm, ul.rm_contact, a de-REGISTER or wildcard, a
 * Kamailio delete) at {@code removedAt}, kept so that a split-brain merge can tell a removal from an absence: a
 * version of the binding that the other half still holds, last modified at or before the removal, is gone.
 * Reads never see it.
 *
 * <p>It is kept until the removed binding would have expired, so that no copy of it can outlive it, and at least
 * {@link #MIN_KEEP_SECONDS}; a permanent binding's for {@link #PERMANENT_KEEP_SECONDS}. The expiry sweep purges it.
 */
record Removal(String ruid, String contact, long removedAt, long keepUntil) {

    /** Longer than any freeze or partition a merge follows in practice (members are dropped after 10 s). */
    static final long MIN_KEEP_SECONDS = 600;
    static final long PERMANENT_KEEP_SECONDS = 86_400;

    static Removal of(Binding removed, long now) {
        long until = removed.isPermanent() ? now + PERMANENT_KEEP_SECONDS
                : Math.max(removed.expires(), now + MIN_KEEP_SECONDS);
        return new Removal(removed.ruid(), removed.contact(), now, until);
    }

    /** Whether this removal undoes {@code b}: the same binding (ruid or contact URI), not modified after it. */
    boolean covers(Binding b) {
        return b.lastModified() <= removedAt
                && (b.ruid().equals(ruid) || SipUri.sameContact(b.contact(), contact));
    }

    boolean isPurgeableAt(long now) {
        return keepUntil <= now;
    }
}
