package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.registrar.LiveSettings;
import dev.locus.registrar.RuntimeSetting;
import dev.locus.registrar.RuntimeSettings;
import dev.locus.registrar.SettingsUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kamailio's cfg_rpc module over the registrar's run-time settings: the {@code registrar} group's
 * {@code default_expires}, {@code min_expires}, {@code max_expires} and {@code max_contacts}, changed for the whole
 * cluster. Names, answers and faults are a live Kamailio 5.6.3's; where Kamailio takes a value silently and does
 * something else (a missing value, {@code "abc"}, 1.5, -5, 2^32: it answers {} and stores nothing, 0, 1, -5 or a
 * wrapped number), Locus refuses it: -32602 for what is missing or of no usable type, else 400
 * {@code Failed to set the variable}.
 */
public final class CfgMethods {

    private static final Logger log = LoggerFactory.getLogger(CfgMethods.class);
    static final String GROUP = "registrar";
    private static final String SET_HELP = "Set the value of a configuration variable and commit the change immediately";
    /** {@code group[id]}: a group instance, which Locus has none of. */
    private static final Pattern INSTANCE = Pattern.compile("[^\\[]*\\[\\d+]");
    private static final String WRONG_GROUP = "Wrong group syntax. Use either \"group\", or \"group[id]\"";
    private static final String SET_FAILED = "Failed to set the variable";
    private static final String GET_FAILED = "Failed to get the variable";
    private static final String HELP_FAILED = "Failed to get the variable description";

    private final LiveSettings settings;

    public CfgMethods(LiveSettings settings) {
        this.settings = settings;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("cfg.set", SET_HELP, this::set);
        methods.register("cfg.set_now_int", SET_HELP, this::set);
        methods.register("cfg.seti", SET_HELP, this::set);
        methods.register("cfg.set_now_string", SET_HELP, this::set);
        methods.register("cfg.sets", SET_HELP, this::set);
        methods.register("cfg.get", "Get the value of a configuration variable", this::get);
        methods.register("cfg.help", "Print the description of a configuration variable", CfgMethods::help);
        methods.register("cfg.list", "List the configuration variables", CfgMethods::list);
    }

    /**
     * The five set commands alike: Kamailio's read the value as an integer ("d"), a string ("s") or either, and
     * convert a string to the integer variable; Locus takes an integer or its decimal text in all five.
     */
    private JsonNode set(Params params) throws RpcException {
        String group = params.string(0, "group");
        String name = params.string(1, "variable");
        JsonNode value = params.value(2).orElseThrow(
                () -> RpcException.invalidParams("missing parameter value (position 3)"));
        if (!value.isTextual() && !value.isNumber()) {
            throw RpcException.invalidParams("parameter value (position 3) must be an integer or a string, not "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        checkGroupSyntax(group);
        Optional<RuntimeSetting> setting = variable(group, name);
        Optional<Long> number = integer(value);
        if (setting.isEmpty() || number.isEmpty() || !setting.get().accepts(number.get())) {
            throw new RpcException(400, SET_FAILED);
        }
        try {
            settings.set(setting.get(), number.get());
        } catch (IllegalArgumentException e) {
            throw new RpcException(400, SET_FAILED);
        } catch (SettingsUnavailableException e) {
            log.warn("cfg.set {}.{} failed: {}", group, name, e.getMessage());
            throw new RpcException(500, SET_FAILED + " - the cluster did not answer");
        }
        return null;
    }

    private JsonNode get(Params params) throws RpcException {
        Optional<JsonNode> group = params.value(0);
        Optional<JsonNode> name = params.value(1);
        boolean nameSent = params.size() > 1; // a null variable name is refused, not taken for "the whole group"
        if (group.isEmpty() || !group.get().isTextual() || (nameSent && (name.isEmpty() || !name.get().isTextual()))) {
            throw new RpcException(500, "Failed to get the parameters");
        }
        String g = group.get().textValue();
        checkGroupSyntax(g);
        RuntimeSettings now = settings.current();
        if (name.isPresent()) {
            RuntimeSetting setting = variable(g, name.get().textValue())
                    .orElseThrow(() -> new RpcException(400, GET_FAILED));
            return JsonNodeFactory.instance.numberNode(now.get(setting));
        }
        if (INSTANCE.matcher(g).matches()) {
            throw new RpcException(400, GET_FAILED);
        }
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        if (g.equals(GROUP)) {
            for (RuntimeSetting s : RuntimeSetting.values()) {
                all.put(s.key(), now.get(s));
            }
        }
        return all;
    }

    /**
     * Kamailio's JSON-RPC answer is the type line alone: cfg_rpc adds the description, then the type with
     * {@code rpl_printf}, and jsonrpcs keeps the last value of a reply that is no array.
     */
    private static JsonNode help(Params params) throws RpcException {
        String group = params.string(0, "group");
        String name = params.string(1, "variable");
        variable(group, name).orElseThrow(() -> new RpcException(400, HELP_FAILED));
        return JsonNodeFactory.instance.textNode("(parameter type is integer)");
    }

    /** Every variable, or a group's: {@code "registrar: default_expires"}; a group that is not a string means all. */
    private static JsonNode list(Params params) {
        Optional<JsonNode> group = params.value(0).filter(JsonNode::isTextual);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (group.isEmpty() || group.get().textValue().equals(GROUP)) {
            for (RuntimeSetting s : RuntimeSetting.values()) {
                out.add(GROUP + ": " + s.key());
            }
        }
        return out;
    }

    /** {@code group[id]} with an id that is no number is refused, as by Kamailio's {@code cfg_get_group_id}. */
    private static void checkGroupSyntax(String group) throws RpcException {
        if (group.endsWith("]") && group.indexOf('[') >= 0 && !INSTANCE.matcher(group).matches()) {
            throw new RpcException(400, WRONG_GROUP);
        }
    }

    /** A variable of the registrar group itself; an instance ({@code registrar[1]}) has none. */
    private static Optional<RuntimeSetting> variable(String group, String name) {
        return group.equals(GROUP) ? RuntimeSetting.byKey(name) : Optional.empty();
    }

    /** A whole number, sent as one or as its decimal text; a fraction, or text that is no number, is none. */
    private static Optional<Long> integer(JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? Optional.of(value.longValue()) : Optional.empty();
        }
        if (value.isTextual() && isInteger(value.textValue())) {
            try {
                return Optional.of(Long.parseLong(value.textValue().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty(); // more digits than a long
            }
        }
        return Optional.empty();
    }

    private static boolean isInteger(String text) {
        return text.trim().matches("[+-]?\\d+");
    }
}
