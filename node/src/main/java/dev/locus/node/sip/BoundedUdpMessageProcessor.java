package dev.locus.node.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The RI's UDP socket with a bounded receive queue. The RI's own processor reads every datagram into a fresh buffer
 * of the largest datagram size (64 KiB here) and queues it without bound: a flood of garbage from one source filled
 * the heap with those buffers (OutOfMemoryError in 4 of 5 runs of 10 s at 15,000/s), and its SIP threads died of
 * the first Error a message caused, never replaced. Here the receiver reads into one buffer, drops at once what
 * cannot be SIP ({@link StartLine}) and what the queue cannot take (both counted; queue drops logged once per 10 s,
 * never per datagram), copies only what it queues (its real size), and the SIP threads ({@link UdpWorker}) survive
 * anything one message throws. The RI's threads take from the
 * queue as before: it is the RI's {@code messageQueue}, replaced.
 */
final class BoundedUdpMessageProcessor extends UDPMessageProcessor {

    private static final Logger log = LoggerFactory.getLogger(BoundedUdpMessageProcessor.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    /** The largest datagram UDP carries: the RI's own read size when the stack allows no smaller one. */
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramQueue queue;
    private final LongAdder notSip = new LongAdder();
    private final int workers;
    private final int readSize;
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>();
    private final EventSummary drops = new EventSummary(LOG_INTERVAL, System::nanoTime);
    private final EventSummary receiveFailures = new EventSummary(LOG_INTERVAL, System::nanoTime);
    private final EventSummary workerFailures = new EventSummary(LOG_INTERVAL, System::nanoTime);
    /** Set once the node has built its protection, before the stack starts. */
    private volatile SourceScreen screen = SourceScreen.OPEN;

    BoundedUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, int capacity, int perSource,
                               int workers) throws IOException {
        super(address, stack, port);
        this.queue = new DatagramQueue(capacity, perSource);
        this.messageQueue = queue;
        this.workers = workers;
        int max = stack.getMaxMessageSize();
        this.readSize = max > 0 && max < MAX_DATAGRAM ? max : MAX_DATAGRAM;
    }

    /** Datagrams dropped because the queue was full or their source held its share. */
    long dropped() {
        return queue.dropped();
    }

    /** Datagrams dropped on receipt because they cannot be SIP ({@link StartLine}). */
    long notSip() {
        return notSip.sum();
    }

    void screen(SourceScreen screen) {
        this.screen = screen;
    }

    boolean running() {
        return isRunning;
    }

    /** The RI's receiver loop, with its SIP threads made by {@link UdpWorker} and a bounded queue between them. */
    @Override
    public void run() {
        LinkedList<UdpWorker> channels = new LinkedList<>();
        String stackName = ((SipStackImpl) sipStack).getStackName();
        for (int i = 0; i < workers; i++) {
            channels.add(new UdpWorker(sipStack, this, stackName + "-UDPMessageChannelThread-" + i));
        }
        messageChannels = channels;
        byte[] buffer = new byte[readSize];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        InetAddress lastDropped = null;
        try {
            // Wakes the receiver once a second when nothing comes, to report the drops held back at the end of a flood.
            sock.setSoTimeout(1000);
        } catch (SocketException e) {
            log.warn("UDP {}:{}: no receive timeout ({}): drops are reported with the next datagram",
                    getIpAddress().getHostAddress(), getPort(), e.toString());
        }
        while (isRunning) {
            try {
                packet.setData(buffer);
                sock.receive(packet);
                if (!screen.admitDatagram(packet.getAddress(),
                        StartLine.requestLike(packet.getData(), packet.getOffset(), packet.getLength()))) {
                    // A banned source: dropped before anything is copied or parsed (the screen counts it).
                    reportDrops(drops.due(), lastDropped);
                } else if (!StartLine.plausible(packet.getData(), packet.getOffset(), packet.getLength())) {
                    notSip.increment();
                    reportDrops(drops.due(), lastDropped);
                } else if (!queue.offer(packet.getAddress(), () -> queued(packet))) {
                    lastDropped = packet.getAddress();
                    reportDrops(drops.record(), lastDropped);
                } else {
                    reportDrops(drops.due(), lastDropped);
                }
            } catch (SocketTimeoutException e) {
                reportDrops(drops.due(), lastDropped);
            } catch (SocketException e) {
                if (!isRunning) {
                    return;
                }
                reportReceiveFailure(e);
            } catch (Throwable e) {
                // Even an Error: the receiver is the only reader of this socket.
                reportReceiveFailure(e);
            }
        }
    }

    private static DatagramQueuedMessageDispatch queued(DatagramPacket received) {
        byte[] bytes = Arrays.copyOfRange(received.getData(), received.getOffset(),
                received.getOffset() + received.getLength());
        return new DatagramQueuedMessageDispatch(new DatagramPacket(bytes, bytes.length, received.getSocketAddress()),
                System.currentTimeMillis());
    }

    private void reportDrops(long count, InetAddress latest) {
        if (count > 0) {
            log.warn("UDP {}:{}: receive queue full, {} datagram(s) dropped since the last report (latest from {}); "
                    + "total {}, and {} dropped as not SIP", getIpAddress().getHostAddress(), getPort(), count,
                    latest.getHostAddress(), dropped(), notSip());
        }
    }

    private void reportReceiveFailure(Throwable e) {
        long count = receiveFailures.record();
        if (count > 0) {
            log.error("UDP {}:{}: receive failed ({} time(s) since the last report), still receiving: {}",
                    getIpAddress().getHostAddress(), getPort(), count, e.toString());
        }
    }

    /** A SIP thread caught what one message threw, and goes on with the next. */
    void workerSurvived(Throwable e) {
        long count = workerFailures.record();
        if (count > 0) {
            log.error("UDP {}:{}: a SIP thread failed on a message ({} time(s) since the last report), and goes on: {}",
                    getIpAddress().getHostAddress(), getPort(), count, e.toString());
        }
        log.debug("SIP thread failure", e);
    }

    void workerStarted(Thread thread) {
        workerThreads.add(thread);
    }

    /** The RI leaves its SIP threads blocked on the queue for good; these are woken and end. */
    @Override
    public void stop() {
        super.stop();
        workerThreads.forEach(Thread::interrupt);
    }
}
