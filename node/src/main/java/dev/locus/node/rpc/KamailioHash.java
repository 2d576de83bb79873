package dev.locus.node.rpc;

import java.nio.charset.StandardCharsets;

/**
 * Kamailio's {@code core_hash(s, 0, 0)}, which usrloc shows as {@code HashID} and uses to place AORs in slots;
 * reproduced so that ul.dump lists AORs in Kamailio's order. Bytes are C {@code char}s, i.e. signed.
 */
final class KamailioHash {

    private KamailioHash() {
    }

    /** The unsigned 32-bit hash, as a long. */
    static long coreHash(String text) {
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        int h = 0;
        int p = 0;
        int v;
        for (; p <= s.length - 4; p += 4) {
            v = (s[p] << 24) + (s[p + 1] << 16) + (s[p + 2] << 8) + s[p + 3];
            h += v ^ (v >>> 3);
        }
        v = switch (s.length - p) {
            case 3 -> (s[p] << 16) + (s[p + 1] << 8) + s[p + 2];
            case 2 -> (s[p] << 8) + s[p + 1];
            case 1 -> s[p];
            default -> 0;
        };
        h += v ^ (v >>> 3);
        int finished = (h + (h >>> 11)) + ((h >>> 13) + (h >>> 23));
        return Integer.toUnsignedLong(finished);
    }
}
