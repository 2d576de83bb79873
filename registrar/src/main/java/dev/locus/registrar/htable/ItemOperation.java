package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableSpec;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One item operation, run where the item lives (atomic per item), with Kamailio's expiry rules. An item past its
 * expiry is taken as missing even before Hazelcast has purged it, so the result never depends on when the purge ran.
 *
 * @param op       what to do
 * @param value    the value to set ({@link Op#SET}, {@link Op#LOAD})
 * @param amount   seconds for {@link Op#SET} (explicit expiry, 0 none) and {@link Op#EXPIRE}; the delta for
 *                 {@link Op#ADD}; the absolute expiry for {@link Op#LOAD}
 * @param now      the node's clock, UNIX seconds
 */
record ItemOperation(Op op, HtValue value, long amount, long now, int autoexpire, boolean updateexpire,
                     boolean hasInitval, int initval) implements EntryProcessor<String, HtItem, HtItem> {

    enum Op {
        SET, EXPIRE, ADD, LOAD
    }

    static ItemOperation of(HtableSpec spec, Op op, HtValue value, long amount, long now) {
        return new ItemOperation(op, value, amount, now, spec.autoexpire(), spec.updateexpire(),
                spec.initval().isPresent(), spec.initval().orElse(0));
    }

    @Override
    public HtItem process(Map.Entry<String, HtItem> entry) {
        HtItem old = entry.getValue();
        if (old != null && autoexpire > 0 && old.expiredAt(now)) {
            old = null;
        }
        HtItem next = switch (op) {
            case SET -> set(entry.getKey(), old);
            case EXPIRE -> old == null || autoexpire == 0 ? null
                    : new HtItem(old.name(), old.value(), amount > 0 ? now + amount : 0);
            case ADD -> add(entry.getKey(), old);
            case LOAD -> load(entry.getKey());
        };
        if (next != null) {
            store(entry, next);
        }
        return next;
    }

    private HtItem set(String name, HtItem old) {
        long expire;
        if (autoexpire == 0) {
            expire = 0;
        } else if (amount > 0) {
            expire = now + amount;
        } else if (old == null || updateexpire) {
            expire = now + autoexpire;
        } else {
            expire = old.expire();
        }
        return new HtItem(name, value, expire);
    }

    private HtItem add(String name, HtItem old) {
        if (old == null) {
            return hasInitval ? new HtItem(name, new HtValue.Int(initval + (int) amount), autoexpire > 0 ? now + autoexpire : 0)
                    : null;
        }
        if (!(old.value() instanceof HtValue.Int i)) {
            return null; // a string cannot be incremented
        }
        long expire = autoexpire > 0 && updateexpire ? now + autoexpire : old.expire();
        // 32-bit wrap-around, as Kamailio's int.
        return new HtItem(name, new HtValue.Int(i.value() + (int) amount), expire);
    }

    private HtItem load(String name) {
        if (autoexpire == 0) {
            return new HtItem(name, value, 0);
        }
        return new HtItem(name, value, amount > now ? amount : now + autoexpire);
    }

    /** Hazelcast purges the item a second after it expires (reads never show it meanwhile). */
    private void store(Map.Entry<String, HtItem> entry, HtItem item) {
        long ttl = item.expire() == 0 ? 0 : Math.max(1, item.expire() - now + 1);
        if (entry instanceof ExtendedMapEntry<String, HtItem> extended) {
            extended.setValue(item, ttl, TimeUnit.SECONDS);
        } else {
            entry.setValue(item);
        }
    }
}
