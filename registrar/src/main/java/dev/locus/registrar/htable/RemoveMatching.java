package dev.locus.registrar.htable;

import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableMatch;
import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** Removes the item if it matches (expired items go too: they are gone anyway); answers whether it was live. */
record RemoveMatching(HtableMatch match, long now, int autoexpire) implements EntryProcessor<String, HtItem, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, HtItem> entry) {
        HtItem item = entry.getValue();
        if (item == null || !match.matches(item)) {
            return Boolean.FALSE;
        }
        entry.setValue(null);
        return !(autoexpire > 0 && item.expiredAt(now));
    }
}
