package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.Binding;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.locus.registrar.location.SipUri;

import java.util.ArrayList;
import java.util.List;

/**
 * Split-brain merge of the location map: when two halves that both took REGISTERs meet again, each AOR keeps, per
 * binding (same ruid, or same contact URI), the newer version by {@link BindingOrder}, and every binding that only
 * one half had. Hazelcast's default (put-if-absent) would drop one half's registrations whole.
 */
public final class BindingsMergePolicy implements SplitBrainMergePolicy<Bindings, MergingValue<Bindings>, Object> {

    public BindingsMergePolicy() {
    }

    @Override
    public Object merge(MergingValue<Bindings> merging, MergingValue<Bindings> existing) {
        Bindings incoming = merging.getDeserializedValue();
        Bindings current = existing == null ? null : existing.getDeserializedValue();
        if (current == null) {
            return incoming;
        }
        if (incoming == null) {
            return current;
        }
        return merge(incoming, current);
    }

    static Bindings merge(Bindings a, Bindings b) {
        List<Binding> merged = new ArrayList<>(b.contacts());
        for (Binding candidate : a.contacts()) {
            int match = -1;
            for (int i = 0; i < merged.size() && match < 0; i++) {
                Binding m = merged.get(i);
                if (m.ruid().equals(candidate.ruid()) || SipUri.sameContact(m.contact(), candidate.contact())) {
                    match = i;
                }
            }
            if (match < 0) {
                merged.add(candidate);
            } else if (BindingOrder.isNewer(candidate, merged.get(match))) {
                merged.set(match, candidate);
            }
        }
        return new Bindings(b.aor(), merged);
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
