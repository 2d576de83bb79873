package dev.locus.node.sip;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;

/**
 * One of the RI's SIP threads for a UDP socket, which survives whatever one message throws. The RI's own loop
 * catches Exceptions only, so an Error (a StackOverflowError from a pathological message, an OutOfMemoryError)
 * ended the thread for good and the socket was left with fewer and fewer threads; here the loop is entered again.
 */
final class UdpWorker extends UDPMessageChannel {

    /** Starts the thread (the RI's constructor does). */
    UdpWorker(SIPTransactionStack stack, BoundedUdpMessageProcessor processor, String threadName) {
        super(stack, processor, threadName);
    }

    /** Runs on the thread the RI's constructor started: only what the superclass set before is there to read. */
    @Override
    public void run() {
        BoundedUdpMessageProcessor processor = (BoundedUdpMessageProcessor) messageProcessor;
        processor.workerStarted(Thread.currentThread());
        while (processor.running()) {
            try {
                super.run(); // returns once the socket is stopped
            } catch (Throwable e) {
                processor.workerSurvived(e);
            }
        }
    }
}
