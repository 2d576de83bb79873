package dev.locus.registrar.proxy;

import java.util.ArrayList;
import java.util.List;

/** usrloc keeps a binding's Path as the header values joined by commas; commas inside {@code <>} or quotes stay. */
final class PathValues {

    private PathValues() {
    }

    static List<String> split(String path) {
        List<String> values = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                add(values, path.substring(start, i));
                start = i + 1;
            }
        }
        add(values, path.substring(start));
        return values;
    }

    private static void add(List<String> values, String value) {
        String v = value.trim();
        if (!v.isEmpty()) {
            values.add(v);
        }
    }
}
