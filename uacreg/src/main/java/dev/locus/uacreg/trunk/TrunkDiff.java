package dev.locus.uacreg.trunk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reload as a diff by key: new rows start, changed rows re-register, removed rows un-register, unchanged rows
 * keep their registration untouched.
 */
public record TrunkDiff(List<TrunkLoad> added, List<TrunkLoad> changed, List<TrunkLoad> removed,
                        List<TrunkLoad> unchanged) {

    public TrunkDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
    }

    public static TrunkDiff between(Map<String, TrunkLoad> current, List<TrunkLoad> loaded) {
        Map<String, TrunkLoad> next = new LinkedHashMap<>();
        loaded.forEach(l -> next.put(l.key(), l));
        List<TrunkLoad> added = new ArrayList<>();
        List<TrunkLoad> changed = new ArrayList<>();
        List<TrunkLoad> unchanged = new ArrayList<>();
        List<TrunkLoad> removed = new ArrayList<>();
        for (TrunkLoad l : next.values()) {
            TrunkLoad before = current.get(l.key());
            if (before == null) {
                added.add(l);
            } else if (before.equals(l)) {
                unchanged.add(l);
            } else {
                changed.add(l);
            }
        }
        for (Map.Entry<String, TrunkLoad> e : current.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                removed.add(e.getValue());
            }
        }
        return new TrunkDiff(added, changed, removed, unchanged);
    }
}
