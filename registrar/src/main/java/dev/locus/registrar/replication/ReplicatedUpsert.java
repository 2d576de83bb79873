package dev.locus.registrar.replication;

import dev.locus.registrar.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.location.BindingOrder;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;
import dev.locus.registrar.location.SipUri;

import java.util.ArrayList;
import java.util.List;

/**
 * A binding received from a Kamailio node (dmq_usrloc action 1, live or in a sync): matched by ruid, else by
 * contact URI (then the local ruid is kept, as Kamailio does). Kamailio is the owner of the change it sends, so it
 * is applied as Kamailio applies it, unless {@link BindingOrder#ownerOverrides} shows it older than the stored
 * version (the same Call-ID with a lower CSeq: a late message); an identical repeat changes nothing.
 */
public record ReplicatedUpsert(long now, Binding binding) implements BindingChange {

    @Override
    public ChangeResult apply(String aor, List<Binding> live) {
        if (binding.isExpiredAt(now)) {
            return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
        }
        int match = -1;
        for (int i = 0; i < live.size() && match < 0; i++) {
            if (live.get(i).ruid().equals(binding.ruid())) {
                match = i;
            }
        }
        for (int i = 0; i < live.size() && match < 0; i++) {
            if (SipUri.sameContact(live.get(i).contact(), binding.contact())) {
                match = i;
            }
        }
        List<Binding> next = new ArrayList<>(live);
        if (match < 0) {
            next.add(binding);
            return new ChangeResult(aor, ChangeStatus.APPLIED, next, List.of(binding), List.of(), List.of(), List.of());
        }
        Binding existing = live.get(match);
        Binding updated = binding.withRuid(existing.ruid());
        if (updated.equals(existing) || !BindingOrder.ownerOverrides(binding, existing)) {
            return ChangeResult.unchanged(aor, ChangeStatus.IGNORED, live);
        }
        next.set(match, updated);
        return new ChangeResult(aor, ChangeStatus.APPLIED, next, List.of(), List.of(updated), List.of(), List.of());
    }
}
