package dev.locus.node.rpc;

import java.nio.charset.StandardCharsets;

/**
 * Kamailio's {@code core_hash(s, 0, 0)}, which usrloc shows as {@code HashID} and uses to place AORs in slots, and
 * its case-insensitive twin htable uses; reproduced so that ul.dump and htable.dump list entries in Kamailio's
 * order. Bytes are C {@code char}s, i.e. signed.
 */
final class KamailioHash {

    private KamailioHash() {
    }

    /** The unsigned 32-bit hash, as a long. */
    static long coreHash(String text) {
        return hash(text, false);
    }

    /**
     * Kamailio's {@code core_case_hash(s, 0, 0)}: the same, with ASCII capitals taken as lower case (hashes.h's
     * {@code ch_icase}). htable places items in slots by it.
     */
    static long coreCaseHash(String text) {
        return hash(text, true);
    }

    private static long hash(String text, boolean caseless) {
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        int h = 0;
        int p = 0;
        int v;
        for (; p <= s.length - 4; p += 4) {
            v = (c(s[p], caseless) << 24) + (c(s[p + 1], caseless) << 16) + (c(s[p + 2], caseless) << 8)
                    + c(s[p + 3], caseless);
            h += v ^ (v >>> 3);
        }
        v = 0;
        for (; p < s.length; p++) {
            v = (v << 8) + c(s[p], caseless);
        }
        h += v ^ (v >>> 3);
        int finished = (h + (h >>> 11)) + ((h >>> 13) + (h >>> 23));
        return Integer.toUnsignedLong(finished);
    }

    /** A C {@code char} (signed, as on the platforms Kamailio runs on), lower-cased if asked and a capital. */
    private static int c(byte b, boolean caseless) {
        return caseless && b >= 'A' && b <= 'Z' ? b | 0x20 : b;
    }
}
