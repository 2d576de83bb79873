package dev.locus.node.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One generated message: which index of which seed, where it goes, what was done to which template. */
record FuzzCase(long index, Target target, String template, List<Mutation> mutations, byte[] bytes) {

    /** The message for a human: printable ASCII as is, CRLF as line ends, every other byte as {@code \xNN}. */
    String printable() {
        StringBuilder sb = new StringBuilder();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                sb.append("\\r\\n\n");
                i++;
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        return sb.toString();
    }
}
