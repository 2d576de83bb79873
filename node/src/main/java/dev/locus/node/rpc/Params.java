package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A call's parameters, by position. Named parameters (a JSON object) are taken in order with their names ignored,
 * as Kamailio's jsonrpcs does. Types are checked: unlike Kamailio, a string where a number is expected is an
 * error, never a silent 0, and a fraction is never truncated to an integer. Positions in messages count from 1.
 */
public final class Params {

    private static final int SHOWN_VALUE_CHARS = 40;

    private final List<JsonNode> values;

    /** @param params the request's {@code params} member: an array, an object, or null when absent */
    public Params(JsonNode params) {
        List<JsonNode> list = new ArrayList<>();
        if (params != null) {
            params.elements().forEachRemaining(list::add);
        }
        this.values = List.copyOf(list);
    }

    public int size() {
        return values.size();
    }

    public String string(int index, String name) throws RpcException {
        return optionalString(index, name).orElseThrow(() -> missing(index, name));
    }

    /** Empty when the parameter is absent or JSON null (clients often send null for "not given"). */
    public Optional<String> optionalString(int index, String name) throws RpcException {
        Optional<JsonNode> v = present(index);
        if (v.isPresent() && !v.get().isTextual()) {
            throw wrongType(index, name, "a string", v.get());
        }
        return v.map(JsonNode::textValue);
    }

    /**
     * A string, or a number read as its decimal text (Kamailio scans such parameters with auto-conversion);
     * empty when absent.
     */
    public Optional<String> optionalText(int index, String name) throws RpcException {
        Optional<JsonNode> v = present(index);
        if (v.isPresent() && v.get().isIntegralNumber()) {
            return Optional.of(v.get().asText());
        }
        return optionalString(index, name);
    }

    public long integer(int index, String name) throws RpcException {
        return optionalInteger(index, name).orElseThrow(() -> missing(index, name));
    }

    public Optional<Long> optionalInteger(int index, String name) throws RpcException {
        Optional<JsonNode> v = present(index);
        if (v.isPresent() && !(v.get().isIntegralNumber() && v.get().canConvertToLong())) {
            throw wrongType(index, name, "an integer", v.get());
        }
        return v.map(JsonNode::longValue);
    }

    /** An integer or a fraction. */
    public double number(int index, String name) throws RpcException {
        JsonNode v = present(index).orElseThrow(() -> missing(index, name));
        if (!v.isNumber()) {
            throw wrongType(index, name, "a number", v);
        }
        return v.doubleValue();
    }

    /** Every parameter from {@code fromIndex} on, each a string; empty when there are none. */
    public List<String> strings(int fromIndex, String name) throws RpcException {
        List<String> out = new ArrayList<>();
        for (int i = fromIndex; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (!v.isTextual()) {
                throw wrongType(i, name, "a string", v);
            }
            out.add(v.textValue());
        }
        return out;
    }

    /** The parameter as sent, for a method that takes whatever comes (core.echo); empty when absent or null. */
    public Optional<JsonNode> value(int index) {
        return present(index);
    }

    private Optional<JsonNode> present(int index) {
        if (index < 0 || index >= values.size() || values.get(index).isNull()) {
            return Optional.empty();
        }
        return Optional.of(values.get(index));
    }

    private static RpcException missing(int index, String name) {
        return RpcException.invalidParams("missing parameter " + name + " (position " + (index + 1) + ")");
    }

    private static RpcException wrongType(int index, String name, String expected, JsonNode got) {
        return RpcException.invalidParams("parameter " + name + " (position " + (index + 1) + ") must be "
                + expected + ", not " + got.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shown(got));
    }

    /** Enough of the value to recognise it, not a whole blob echoed back. */
    private static String shown(JsonNode v) {
        String text = v.toString();
        return text.length() > SHOWN_VALUE_CHARS ? text.substring(0, SHOWN_VALUE_CHARS) + "..." : text;
    }
}
