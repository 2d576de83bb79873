package dev.locus.node.sip;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;

import java.net.InetAddress;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The RI's UDP message queue (receiver thread → SIP threads), bounded and shared fairly between source addresses
 * ({@link SourceFairQueue}). The RI's SIP threads only {@code take} (or {@code poll}); the receiver offers through
 * {@link #offer(InetAddress, Supplier)}, so that a datagram is copied only once it is known to fit. Nothing here
 * ever blocks a producer: a datagram that does not fit is dropped, as the network would drop it.
 */
final class DatagramQueue extends AbstractQueue<DatagramQueuedMessageDispatch>
        implements BlockingQueue<DatagramQueuedMessageDispatch> {

    private final SourceFairQueue<InetAddress, DatagramQueuedMessageDispatch> queue;

    DatagramQueue(int capacity, int perSource) {
        this.queue = new SourceFairQueue<>(capacity, perSource);
    }

    boolean offer(InetAddress source, Supplier<DatagramQueuedMessageDispatch> datagram) {
        return queue.offer(source, datagram);
    }

    /** Datagrams dropped because the queue was full or their source held its share. */
    long dropped() {
        return queue.refused();
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch datagram) {
        return queue.offer(datagram.packet.getAddress(), () -> datagram);
    }

    /** Drops what does not fit instead of waiting: the receiver must never stop reading the socket. */
    @Override
    public void put(DatagramQueuedMessageDispatch datagram) {
        offer(datagram);
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch datagram, long timeout, TimeUnit unit) {
        return offer(datagram);
    }

    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        return queue.take();
    }

    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    @Override
    public DatagramQueuedMessageDispatch poll() {
        return queue.poll();
    }

    @Override
    public DatagramQueuedMessageDispatch peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> sink, int max) {
        int n = 0;
        DatagramQueuedMessageDispatch next;
        while (n < max && (next = queue.poll()) != null) {
            sink.add(next);
            n++;
        }
        return n;
    }

    /** A snapshot (nothing in the RI walks the queue); removing through it is not supported. */
    @Override
    public Iterator<DatagramQueuedMessageDispatch> iterator() {
        return List.copyOf(queue.snapshot()).iterator();
    }
}
