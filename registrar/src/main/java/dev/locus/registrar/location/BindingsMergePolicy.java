package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * Split-brain merge of the location map: when two halves meet again, each AOR keeps, per binding (same ruid, or
 * same contact URI), the later version by {@link BindingOrder#LATEST}, and every binding that only one half had,
 * unless the other half removed it: a half's tombstone ({@link Removal}) undoes the other half's versions of that
 * binding last modified at or before the removal, so a removal wins over older state and ties. The result does not
 * depend on which half merges into which. Hazelcast's default (put-if-absent) would drop one half's registrations
 * whole.
 */
public final class BindingsMergePolicy implements SplitBrainMergePolicy<AorState, MergingValue<AorState>, Object> {

    public BindingsMergePolicy() {
    }

    @Override
    public Object merge(MergingValue<AorState> merging, MergingValue<AorState> existing) {
        AorState incoming = merging.getDeserializedValue();
        AorState current = existing == null ? null : existing.getDeserializedValue();
        if (current == null) {
            return incoming;
        }
        if (incoming == null) {
            return current;
        }
        return merge(incoming, current);
    }

    static AorState merge(AorState a, AorState b) {
        List<Binding> merged = new ArrayList<>(survivors(b, a));
        for (Binding candidate : survivors(a, b)) {
            int match = -1;
            for (int i = 0; i < merged.size() && match < 0; i++) {
                Binding m = merged.get(i);
                if (m.ruid().equals(candidate.ruid()) || SipUri.sameContact(m.contact(), candidate.contact())) {
                    match = i;
                }
            }
            if (match < 0) {
                merged.add(candidate);
            } else if (BindingOrder.LATEST.compare(candidate, merged.get(match)) > 0) {
                merged.set(match, candidate);
            }
        }
        List<Removal> removals = new ArrayList<>(b.removals());
        a.removals().stream().filter(r -> !removals.contains(r)).forEach(removals::add);
        return new AorState(b.aor(), merged, removals);
    }

    /** The bindings of {@code half} that no tombstone of {@code other} undoes. */
    private static List<Binding> survivors(AorState half, AorState other) {
        return half.contacts().stream()
                .filter(binding -> other.removals().stream().noneMatch(r -> r.covers(binding)))
                .toList();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // Stateless.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // Stateless.
    }
}
