package dev.locus.registrar.proxy;

import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * This node's SIP sockets (not the DMQ one) and the providers that send from them: which Route entries are ours,
 * which socket a request leaves from, what a Record-Route entry says.
 */
final class LocalSockets {

    record Socket(SipProvider provider, String transport, String host, int port) {

        Destination asDestination() {
            return new Destination(transport, host, port);
        }

        /** {@code sip:127.0.0.1:5060;transport=tcp;lr}, as Kamailio's record_route writes it. */
        String recordRouteUri(boolean twoEntries) {
            Destination d = asDestination();
            return "sip:" + d.hostForUri() + ":" + port + (transport.equals("udp") ? "" : ";transport=" + transport)
                    + ";lr" + (twoEntries ? ";r2=on" : "");
        }
    }

    private final List<Socket> sockets;

    LocalSockets(List<SipProvider> providers) {
        List<Socket> all = new ArrayList<>();
        for (SipProvider provider : providers) {
            for (ListeningPoint lp : provider.getListeningPoints()) {
                all.add(new Socket(provider, lp.getTransport().toLowerCase(Locale.ROOT), lp.getIPAddress(), lp.getPort()));
            }
        }
        this.sockets = List.copyOf(all);
    }

    /** Whether {@code host:port} names one of our sockets (any transport); port -1 means 5060. */
    boolean isOurs(String host, int port) {
        int p = port <= 0 ? 5060 : port;
        for (Socket s : sockets) {
            if (s.port() == p && sameHost(s.host(), host)) {
                return true;
            }
        }
        return false;
    }

    boolean isOurs(Destination socket) {
        return find(socket).isPresent();
    }

    Optional<Socket> find(Destination socket) {
        for (Socket s : sockets) {
            if (s.port() == socket.port() && s.transport().equals(socket.transport()) && sameHost(s.host(), socket.host())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The socket a request arrived on. */
    Socket arrival(SipProvider provider, String transport) {
        String t = transport.toLowerCase(Locale.ROOT);
        for (Socket s : sockets) {
            if (s.provider() == provider && s.transport().equals(t)) {
                return s;
            }
        }
        throw new IllegalStateException("no " + t + " socket on the provider a request came in on");
    }

    /**
     * The socket a request leaves from for {@code transport}: the one it arrived on when it speaks that transport,
     * else the same address's, else the first socket that does.
     */
    Optional<Socket> departure(Socket arrival, String transport) {
        String t = transport.toLowerCase(Locale.ROOT);
        if (arrival.transport().equals(t)) {
            return Optional.of(arrival);
        }
        Optional<Socket> sameProvider = sockets.stream()
                .filter(s -> s.provider() == arrival.provider() && s.transport().equals(t)).findFirst();
        return sameProvider.isPresent() ? sameProvider : sockets.stream().filter(s -> s.transport().equals(t)).findFirst();
    }

    private static boolean sameHost(String ours, String host) {
        String a = bare(ours);
        String b = bare(host);
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        if (a.indexOf(':') < 0 || b.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
