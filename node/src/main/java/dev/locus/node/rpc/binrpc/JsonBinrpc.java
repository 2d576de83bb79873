package dev.locus.node.rpc.binrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one RPC model, as binrpc: a method's JSON result becomes the records ctl would send for the same Kamailio
 * command ({@code uacreg-and-rpc.md} §14). A top-level array (a RET_ARRAY command's) is a sequence of top-level
 * records; {@code {}} (a command that added nothing) is an empty body. Objects and arrays are both STRUCTs; an
 * object's member is a named member; an array element that is an object with a single member was Kamailio's
 * {@code struct_add} on an array ({@code "AoRs": [{"Info": ...}]}) and is that named member, any other element is
 * anonymous. Integers in the int32 and uint32 ranges are INTs (kamcmd prints uint32 as signed, as for Kamailio's
 * {@code u}), wider ones DOUBLEs (Kamailio's 64-bit integers); booleans are 1/0, null is
 * {@code <null string>}.
 */
final class JsonBinrpc {

    static final String NULL_STRING = "<null string>";
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonBinrpc() {
    }

    static void writeResult(JsonNode result, BinrpcWriter out) throws BinrpcOverflowException {
        if (result == null || result.isMissingNode() || (result.isObject() && result.isEmpty())) {
            return;
        }
        if (result.isArray()) {
            for (JsonNode record : result) {
                write(record, out);
            }
        } else {
            write(result, out);
        }
    }

    private static void write(JsonNode value, BinrpcWriter out) throws BinrpcOverflowException {
        if (value.isObject()) {
            out.startStruct();
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                out.name(member.getKey());
                write(member.getValue(), out);
            }
            out.endStruct();
        } else if (value.isArray()) {
            out.startStruct();
            for (JsonNode element : value) {
                if (element.isObject() && element.size() == 1) {
                    Map.Entry<String, JsonNode> only = element.properties().iterator().next();
                    out.name(only.getKey());
                    write(only.getValue(), out);
                } else {
                    write(element, out);
                }
            }
            out.endStruct();
        } else {
            scalar(value, out);
        }
    }

    private static void scalar(JsonNode value, BinrpcWriter out) throws BinrpcOverflowException {
        if (value.isNull()) {
            out.string(NULL_STRING);
        } else if (value.isBoolean()) {
            out.integer(value.booleanValue() ? 1 : 0);
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToLong() && value.longValue() >= Integer.MIN_VALUE && value.longValue() <= UINT32_MAX) {
                out.integer((int) value.longValue());
            } else {
                out.decimal(value.doubleValue());
            }
        } else if (value.isNumber()) {
            out.decimal(value.doubleValue());
        } else if (value.isBinary()) {
            out.bytes(binary(value));
        } else {
            out.string(value.asText());
        }
    }

    private static byte[] binary(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a binary node without bytes", e);
        }
    }

    /** A request's records after the method name, as the JSON params a method reads. */
    static ArrayNode params(List<BinrpcValue> records) {
        ArrayNode params = JSON.arrayNode();
        records.forEach(r -> params.add(json(r)));
        return params;
    }

    private static JsonNode json(BinrpcValue value) {
        if (value instanceof BinrpcValue.Int i) {
            return JSON.numberNode(i.value());
        }
        if (value instanceof BinrpcValue.Str s) {
            return JSON.textNode(s.value());
        }
        if (value instanceof BinrpcValue.Dbl d) {
            return JSON.numberNode(d.value());
        }
        if (value instanceof BinrpcValue.Bytes b) {
            return JSON.textNode(new String(b.value(), StandardCharsets.UTF_8));
        }
        List<BinrpcValue.Member> members = ((BinrpcValue.Struct) value).members();
        if (!members.isEmpty() && members.stream().allMatch(BinrpcValue.Member::isNamed)) {
            ObjectNode object = JSON.objectNode();
            members.forEach(m -> object.set(m.name(), json(m.value())));
            return object;
        }
        ArrayNode array = JSON.arrayNode();
        members.forEach(m -> array.add(json(m.value())));
        return array;
    }
}
