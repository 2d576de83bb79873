package dev.locus.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;

/**
 * Prints a JSON-RPC result as kamcmd prints Kamailio's binrpc records, so operators find the layout they know.
 * Kamailio builds one reply for both encoders: {@code struct_add} on an array yields JSON's
 * {@code [{"Info": {...}}, ...]} but a named binrpc member, so an array element with a single member prints as
 * that named member ({@code Info: ...}), and any other element anonymously. A top-level array (a RET_ARRAY
 * command) is a sequence of records; {@code {}} is a command that added nothing and prints nothing.
 * Integers in the uint32 range print as signed 32-bit (binrpc's INT): {@code Methods: -1}.
 */
public final class KamcmdFormatter {

    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final String NULL_STRING = "<null string>";

    public String format(JsonNode result) {
        StringBuilder out = new StringBuilder();
        if (result.isArray()) {
            result.forEach(record -> record(out, record));
        } else if (!(result.isObject() && result.isEmpty())) {
            record(out, result);
        }
        return out.toString();
    }

    public String formatError(int code, String message) {
        return "error: " + code + " - " + message;
    }

    private void record(StringBuilder out, JsonNode value) {
        if (value.isContainerNode()) {
            block(out, value, 0);
        } else {
            out.append(scalar(value)).append('\n');
        }
    }

    /** An opening brace, the container's contents one level deeper, then the closing brace at {@code depth}. */
    private void block(StringBuilder out, JsonNode container, int depth) {
        out.append("{\n");
        if (container.isObject()) {
            for (Map.Entry<String, JsonNode> member : container.properties()) {
                member(out, member.getKey(), member.getValue(), depth + 1);
            }
        } else {
            container.forEach(element -> element(out, element, depth + 1));
        }
        indent(out, depth).append("}\n");
    }

    private void member(StringBuilder out, String name, JsonNode value, int depth) {
        indent(out, depth).append(name).append(": ");
        if (value.isContainerNode()) {
            block(out, value, depth);
        } else {
            out.append(scalar(value)).append('\n');
        }
    }

    private void element(StringBuilder out, JsonNode element, int depth) {
        if (element.isObject() && element.size() == 1) {
            Map.Entry<String, JsonNode> only = element.properties().iterator().next();
            member(out, only.getKey(), only.getValue(), depth);
        } else if (element.isContainerNode()) {
            indent(out, depth);
            block(out, element, depth);
        } else {
            indent(out, depth).append(scalar(element)).append('\n');
        }
    }

    static String scalar(JsonNode value) {
        if (value.isNull()) {
            return NULL_STRING;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "1" : "0"; // binrpc has no boolean: Kamailio sends an INT
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                return value.bigIntegerValue().toString();
            }
            long v = value.longValue();
            return Long.toString(v > Integer.MAX_VALUE && v <= UINT32_MAX ? (int) v : v);
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return Long.toString((long) d);
            }
            return String.format(Locale.ROOT, "%f", d);
        }
        return value.asText();
    }

    private static StringBuilder indent(StringBuilder out, int depth) {
        return out.append("\t".repeat(depth));
    }
}
