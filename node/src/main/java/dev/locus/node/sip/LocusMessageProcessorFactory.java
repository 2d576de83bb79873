package dev.locus.node.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.Properties;

/**
 * The RI's own sockets (its default factory), except that UDP gets {@link BoundedUdpMessageProcessor}. Instantiated
 * by the RI by class name (property {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}); the queue's bounds come
 * in the stack's properties.
 */
public final class LocusMessageProcessorFactory implements MessageProcessorFactory {

    static final String UDP_QUEUE = "dev.locus.sip.UDP_QUEUE";
    static final String UDP_QUEUE_PER_SOURCE = "dev.locus.sip.UDP_QUEUE_PER_SOURCE";
    static final String THREAD_POOL_SIZE = "gov.nist.javax.sip.THREAD_POOL_SIZE";

    private final MessageProcessorFactory others = new OIOMessageProcessorFactory();

    public LocusMessageProcessorFactory() {
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (!"UDP".equalsIgnoreCase(transport)) {
            return others.createMessageProcessor(stack, address, port, transport);
        }
        Properties p = ((SipStackImpl) stack).getConfigurationProperties();
        BoundedUdpMessageProcessor udp = new BoundedUdpMessageProcessor(address, stack, port,
                number(p, UDP_QUEUE), number(p, UDP_QUEUE_PER_SOURCE), number(p, THREAD_POOL_SIZE));
        replyFromListeningSockets(stack);
        return udp;
    }

    private static int number(Properties p, String key) {
        return Integer.parseInt(p.getProperty(key));
    }

    /**
     * What the RI's default factory does for UDP: without the stack's {@code udpFlag}, the RI sends every UDP reply
     * from a new socket on an ephemeral port instead of the listening one, which NATs and UAs drop. The field is
     * package-private in the RI (1.3.0-91, pinned); if it ever goes, the stack fails to start rather than answer
     * from the wrong port.
     */
    private static void replyFromListeningSockets(SIPTransactionStack stack) throws IOException {
        try {
            Field udpFlag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            udpFlag.setAccessible(true);
            udpFlag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JAIN-SIP RI has no udpFlag: UDP replies would not come from the SIP socket", e);
        }
    }
}
