package dev.locus.registrar.registration;

import dev.locus.registrar.location.SipUri;
import dev.locus.registrar.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.location.BindingOrder;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 3261 §10.3 step 7, run atomically on the AOR's owner: the Call-ID/CSeq rule for every binding the request
 * touches, then add, refresh or remove, then the contact limit. All or nothing.
 *
 * <p>A REGISTER whose Call-ID matches a binding but whose CSeq is not higher is {@link ChangeStatus#IGNORED} and
 * answered 200 with the current bindings, as Kamailio does: an equal CSeq is a retransmission, a lower one an
 * out-of-order request whose answer the UA no longer waits for; either way the 200 lists the true state.
 */
public record RegisterChange(long now, String callId, long cseq, boolean wildcard, List<Binding> contacts,
                             int maxContacts) implements BindingChange {

    public RegisterChange {
        if (now <= 0) {
            throw new IllegalArgumentException("now must be a real UNIX time: " + now);
        }
        Objects.requireNonNull(callId, "callId");
        contacts = List.copyOf(contacts);
    }

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        if (wildcard) {
            if (live.stream().anyMatch(this::isStaleFor)) {
                return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
            }
            return new ChangeResult(aor, ChangeStatus.APPLIED, List.of(), List.of(), List.of(), live, List.of());
        }
        for (Binding candidate : contacts) {
            int i = indexOfMatch(live, candidate);
            if (i >= 0 && isStaleFor(live.get(i))) {
                return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
            }
        }
        List<Binding> next = new ArrayList<>(live);
        List<Binding> added = new ArrayList<>();
        List<Binding> updated = new ArrayList<>();
        List<Binding> removed = new ArrayList<>();
        for (Binding candidate : contacts) {
            int i = indexOfMatch(next, candidate);
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
        if (maxContacts > 0 && next.size() > maxContacts) {
            return ChangeResult.unchanged(aor, ChangeStatus.REFUSED, live);
        }
        return new ChangeResult(aor, ChangeStatus.APPLIED, next, added, updated, removed, List.of());
    }

    private boolean isStaleFor(Binding existing) {
        return BindingOrder.isStale(callId, cseq, existing);
    }

    private static int indexOfMatch(List<Binding> bindings, Binding candidate) {
        for (int i = 0; i < bindings.size(); i++) {
            if (sameBinding(bindings.get(i), candidate)) {
                return i;
            }
        }
        return -1;
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
