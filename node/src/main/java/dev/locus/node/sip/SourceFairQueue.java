package dev.locus.node.sip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bounded queue shared fairly between sources: at most {@code capacity} items in all and {@code perSource} from
 * one source, and items are taken from the sources in turn (round robin), each source's own in arrival order. A
 * source that sends faster than it is served fills its own share and no more: what it sends beyond is refused at
 * once (and counted), while an item from any other source still finds room and waits behind at most one item per
 * busy source, not behind the flood.
 *
 * @param <K> what tells sources apart (an IP address)
 */
final class SourceFairQueue<K, E> {

    private final int capacity;
    private final int perSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Map<K, ArrayDeque<E>> bySource = new HashMap<>();
    /** The sources that have items waiting, in the order they are served next. */
    private final ArrayDeque<K> turns = new ArrayDeque<>();
    private int size;
    private long refused;

    SourceFairQueue(int capacity, int perSource) {
        if (capacity < 1 || perSource < 1 || perSource > capacity) {
            throw new IllegalArgumentException("capacity " + capacity + ", per source " + perSource);
        }
        this.capacity = capacity;
        this.perSource = perSource;
    }

    /**
     * Queues the item, made only once it is known to fit (a refused datagram is never copied).
     *
     * @return false, and the refusal counted, when the queue is full or the source holds its share
     */
    boolean offer(K source, Supplier<? extends E> item) {
        lock.lock();
        try {
            ArrayDeque<E> own = bySource.get(source);
            if (size >= capacity || (own != null && own.size() >= perSource)) {
                refused++;
                return false;
            }
            if (own == null) {
                own = new ArrayDeque<>();
                bySource.put(source, own);
                turns.addLast(source);
            }
            own.addLast(item.get());
            size++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    E take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** @return the next item, or null if none came within the timeout */
    E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    E poll() {
        lock.lock();
        try {
            return size == 0 ? null : next();
        } finally {
            lock.unlock();
        }
    }

    E peek() {
        lock.lock();
        try {
            return size == 0 ? null : bySource.get(turns.peekFirst()).peekFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The next source's oldest item; that source, if it has more, goes to the back of the line. */
    private E next() {
        K source = turns.pollFirst();
        ArrayDeque<E> own = bySource.get(source);
        E item = own.pollFirst();
        if (own.isEmpty()) {
            bySource.remove(source);
        } else {
            turns.addLast(source);
        }
        size--;
        return item;
    }

    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Every item waiting, in no particular order (for inspection only). */
    List<E> snapshot() {
        lock.lock();
        try {
            List<E> all = new ArrayList<>(size);
            bySource.values().forEach(all::addAll);
            return all;
        } finally {
            lock.unlock();
        }
    }

    int remainingCapacity() {
        return capacity - size();
    }

    /** Items refused since the queue was made. */
    long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }
}
