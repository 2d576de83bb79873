package dev.locus.registrar.registration;

import dev.locus.registrar.location.SipUri;
import dev.locus.registrar.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.location.BindingOrder;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * RFC 3261 §10.3 step 7, run atomically on the AOR's owner: the Call-ID/CSeq rule for every binding the request
 * touches, then add, refresh or remove, then the limits. All or nothing.
 *
 * <p>The Call-ID/CSeq rule is Kamailio 5.6's (probed live): on the same Call-ID a lower CSeq is
 * {@link ChangeStatus#REFUSED} (400 "Invalid CSeq number"), and so is an equal CSeq more than
 * {@link #RETRANSMISSION_SECONDS} after the binding was written; an equal CSeq within that window is a
 * retransmission, {@link ChangeStatus#IGNORED} and answered 200 with the current bindings.
 *
 * <p>Bindings are kept in Kamailio's order: by q, highest first, a contact without q last, insertion order among
 * equals. {@code maxListedBytes} (0 = none) refuses a change whose 200 could not list every binding within that
 * many bytes: over UDP such a 200 would never arrive, and a change the UA is never told of must not happen.
 */
public record RegisterChange(long now, String callId, long cseq, boolean wildcard, List<Binding> contacts,
                             int maxContacts, long maxListedBytes) implements BindingChange {

    /** Kamailio's {@code cseq_delay}: how long an equal CSeq counts as a retransmission. */
    static final long RETRANSMISSION_SECONDS = 20;

    private static final Comparator<Binding> BY_Q = Comparator.comparingInt(Binding::q).reversed();

    public RegisterChange {
        if (now <= 0) {
            throw new IllegalArgumentException("now must be a real UNIX time: " + now);
        }
        Objects.requireNonNull(callId, "callId");
        contacts = List.copyOf(contacts);
    }

    public RegisterChange(long now, String callId, long cseq, boolean wildcard, List<Binding> contacts,
                          int maxContacts) {
        this(now, callId, cseq, wildcard, contacts, maxContacts, 0);
    }

    private enum Sequence { NEWER, RETRANSMISSION, OUT_OF_ORDER }

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        Sequence sequence = sequence(live);
        if (sequence == Sequence.OUT_OF_ORDER) {
            return ChangeResult.unchanged(aor, ChangeStatus.REFUSED, live);
        }
        if (sequence == Sequence.RETRANSMISSION) {
            return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
        }
        ChangeResult merged = merge(aor, live);
        if (tooMany(merged.current()) || tooLargeToList(merged.current())) {
            return ChangeResult.unchanged(aor, ChangeStatus.REFUSED, live);
        }
        return merged;
    }

    /** Why {@link #apply} refused this change on these bindings: the answer's words for a REFUSED result. */
    public RegistrationError refusal(List<Binding> live) {
        if (sequence(live) == Sequence.OUT_OF_ORDER) {
            return RegistrationError.BAD_CSEQ;
        }
        List<Binding> next = merge("", live).current();
        return !tooMany(next) && tooLargeToList(next)
                ? RegistrationError.REPLY_TOO_LARGE
                : RegistrationError.TOO_MANY_CONTACTS;
    }

    private ChangeResult merge(String aor, List<Binding> live) {
        if (wildcard) {
            return new ChangeResult(aor, ChangeStatus.APPLIED, List.of(), List.of(), List.of(), live, List.of());
        }
        BindingIndex next = new BindingIndex(live);
        List<Binding> added = new ArrayList<>();
        List<Binding> updated = new ArrayList<>();
        List<Binding> removed = new ArrayList<>();
        for (Binding candidate : contacts) {
            int i = next.find(candidate);
            boolean removal = candidate.isExpiredAt(now);
            if (i < 0) {
                if (!removal) {
                    next.add(candidate);
                    added.add(candidate);
                }
            } else if (removal) {
                removed.add(next.remove(i));
            } else {
                Binding refreshed = candidate.withRuid(next.get(i).ruid());
                next.set(i, refreshed);
                updated.add(refreshed);
            }
        }
        List<Binding> current = next.bindings();
        current.sort(BY_Q);
        return new ChangeResult(aor, ChangeStatus.APPLIED, current, added, updated, removed, List.of());
    }

    private boolean tooMany(List<Binding> next) {
        return maxContacts > 0 && next.size() > maxContacts;
    }

    private boolean tooLargeToList(List<Binding> next) {
        return maxListedBytes > 0 && ContactValues.listedBytes(next, now) > maxListedBytes;
    }

    /** The request's place in the Call-ID/CSeq order of the bindings it touches (all of them for a wildcard). */
    private Sequence sequence(List<Binding> live) {
        Sequence worst = Sequence.NEWER;
        BindingIndex requested = wildcard ? null : new BindingIndex(contacts);
        for (Binding existing : live) {
            // sameBinding is symmetric, so the request's contacts can be searched for a stored binding.
            boolean touched = wildcard || requested.find(existing) >= 0;
            if (!touched || !BindingOrder.isStale(callId, cseq, existing)) {
                continue;
            }
            if (cseq == existing.cseq() && now - existing.lastModified() <= RETRANSMISSION_SECONDS) {
                worst = worst == Sequence.NEWER ? Sequence.RETRANSMISSION : worst;
            } else {
                return Sequence.OUT_OF_ORDER;
            }
        }
        return worst;
    }

    /**
     * A contact with {@code +sip.instance} is the same binding as one with the same instance and reg-id
     * (RFC 5626 §6); otherwise contacts are compared as URIs (RFC 3261 §19.1.4).
     */
    static boolean sameBinding(Binding existing, Binding candidate) {
        if (!candidate.instance().isEmpty()) {
            return candidate.instance().equals(existing.instance()) && candidate.regId() == existing.regId();
        }
        return existing.instance().isEmpty() && SipUri.sameContact(existing.contact(), candidate.contact());
    }
}
