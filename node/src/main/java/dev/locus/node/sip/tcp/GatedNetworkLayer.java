package dev.locus.node.sip.tcp;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.sip.SipStack;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * The RI's sockets as its default network layer makes them, except the TCP listening sockets, which admit
 * connections through the node's {@link ConnectionGate}. Sockets the node opens itself (replies on a new
 * connection, trunk REGISTERs) and UDP are untouched. The RI builds it by class name (stack property
 * {@value #PROPERTY}), hence the public no-arg constructor; the node hands it the gate before it creates
 * a listening point.
 */
public final class GatedNetworkLayer implements NetworkLayer {

    public static final String PROPERTY = "gov.nist.javax.sip.NETWORK_LAYER";

    private final NetworkLayer sockets = DefaultNetworkLayer.SINGLETON;
    private volatile ConnectionGate gate;

    public GatedNetworkLayer() {
    }

    /** The layer of a stack built with {@value #PROPERTY} naming this class. */
    public static GatedNetworkLayer of(SipStack stack) {
        return (GatedNetworkLayer) ((SIPTransactionStack) stack).getNetworkLayer();
    }

    public void admitThrough(ConnectionGate gate) {
        this.gate = gate;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        ConnectionGate g = gate;
        if (g == null) {
            throw new IllegalStateException("a TCP listening point before the connection gate was set");
        }
        return new GatedServerSocket(port, backlog, bindAddress, g);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return sockets.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return sockets.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return sockets.createSocket(address, port, localAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return sockets.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return sockets.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return sockets.createSSLSocket(address, port, localAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return sockets.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress laddr) throws SocketException {
        return sockets.createDatagramSocket(port, laddr);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        // Nothing to learn from the stack: the gate comes from the node.
    }
}
