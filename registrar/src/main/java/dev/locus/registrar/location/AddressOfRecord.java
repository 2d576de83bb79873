package dev.locus.registrar.location;

import java.util.Locale;

/**
 * How an address of record becomes its usrloc key, the same way Kamailio does it so that the keys are
 * byte-identical on every node of a mixed cluster: lower-cased, no scheme, no parameters, and the domain kept
 * only with {@code use_domain}.
 */
public final class AddressOfRecord {

    private AddressOfRecord() {
    }

    public static String key(String user, String host, boolean useDomain) {
        String u = user.toLowerCase(Locale.ROOT);
        return useDomain ? u + "@" + host.toLowerCase(Locale.ROOT) : u;
    }

    /**
     * Normalises an AOR typed by an operator (ul.lookup, ul.rm): {@code sip:Alice@Example.com;x=y} becomes
     * {@code alice} or {@code alice@example.com}.
     */
    public static String normalise(String typed, boolean useDomain) {
        String s = typed.trim();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:")) {
            s = s.substring(4);
        } else if (lower.startsWith("sips:")) {
            s = s.substring(5);
        }
        int cut = indexOfAny(s, ";?>");
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int at = s.indexOf('@');
        if (at < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        String host = s.substring(at + 1);
        int colon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.indexOf(':');
        if (colon > 0) {
            host = host.substring(0, colon);
        }
        return key(s.substring(0, at), host, useDomain);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
