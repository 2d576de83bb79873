package dev.locus.registrar;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Kamailio's {@code nat_uac_test(flags)}, as its default configuration runs it on a REGISTER before
 * {@code fix_nated_register()}: only a REGISTER that looks NATed has its source stored as {@code received}, which
 * a Kamailio node's {@code lookup()} then routes to instead of the Contact. Hosts are compared as text, as
 * Kamailio does without DNS: a host name in Via differs from any source address.
 *
 * @param flags the tests to run: {@link #PRIVATE_CONTACT} 1, {@link #VIA_NOT_SOURCE} 2, {@link #PRIVATE_VIA} 4,
 *              {@link #VIA_PORT_NOT_SOURCE} 16; 0 never stores {@code received}
 */
public record NatTest(int flags) {

    /** A Contact host is an RFC 1918 or RFC 6598 address. */
    public static final int PRIVATE_CONTACT = 1;
    /** The top Via's host is not the address the request came from. */
    public static final int VIA_NOT_SOURCE = 2;
    /** The top Via's host is an RFC 1918 or RFC 6598 address. */
    public static final int PRIVATE_VIA = 4;
    /** The top Via's port (5060 when absent) is not the port the request came from. */
    public static final int VIA_PORT_NOT_SOURCE = 16;
    /** Kamailio's default configuration: {@code nat_uac_test("19")}. */
    public static final NatTest KAMAILIO_DEFAULT = new NatTest(19);

    private static final int SUPPORTED = PRIVATE_CONTACT | VIA_NOT_SOURCE | PRIVATE_VIA | VIA_PORT_NOT_SOURCE;

    public NatTest {
        if ((flags & ~SUPPORTED) != 0) {
            throw new IllegalArgumentException("registrar.nat_test=" + flags
                    + ": supported tests are 1 (private Contact), 2 (Via is not the source), 4 (private Via)"
                    + " and 16 (Via port is not the source port), added up (8, the SDP test, does not apply)");
        }
    }

    /**
     * @param viaPort the top Via's port, or -1 when it has none
     */
    public boolean looksNated(List<String> contactHosts, String viaHost, int viaPort, String sourceIp, int sourcePort) {
        if ((flags & PRIVATE_CONTACT) != 0 && contactHosts.stream().anyMatch(NatTest::isPrivate)) {
            return true;
        }
        if ((flags & VIA_NOT_SOURCE) != 0 && !sameAddress(viaHost, sourceIp)) {
            return true;
        }
        if ((flags & PRIVATE_VIA) != 0 && isPrivate(viaHost)) {
            return true;
        }
        return (flags & VIA_PORT_NOT_SOURCE) != 0 && (viaPort < 0 ? 5060 : viaPort) != sourcePort;
    }

    /** 10/8, 172.16/12, 192.168/16 (RFC 1918) and 100.64/10 (RFC 6598); IPv4 literals only, as Kamailio. */
    static boolean isPrivate(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return false;
            }
            octets[i] = Integer.parseInt(parts[i]);
            if (octets[i] > 255) {
                return false;
            }
        }
        return octets[0] == 10
                || (octets[0] == 172 && octets[1] >= 16 && octets[1] <= 31)
                || (octets[0] == 192 && octets[1] == 168)
                || (octets[0] == 100 && octets[1] >= 64 && octets[1] <= 127);
    }

    /** Literal addresses compared as addresses ({@code [::1]} is {@code 0:0:0:0:0:0:0:1}); never a DNS lookup. */
    private static boolean sameAddress(String viaHost, String sourceIp) {
        String via = bare(viaHost);
        String source = bare(sourceIp);
        if (via.equalsIgnoreCase(source)) {
            return true;
        }
        if (!isLiteral(via) || !isLiteral(source)) {
            return false;
        }
        try {
            return InetAddress.getByName(via).equals(InetAddress.getByName(source));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
