package dev.locus.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Types command-line words as kamcmd does: a word that is wholly an integer is sent as a JSON integer, else one that
 * is wholly a decimal number as a double, else a string; {@code s:} forces a string ({@code s:5060} is "5060").
 * Two small differences from kamcmd's strtol/strtod: an empty word is the string "" (kamcmd sends 0), and
 * {@code inf}, {@code nan} or hex floats stay strings, since JSON has no such numbers.
 */
final class CtlArguments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String FORCE_STRING = "s:";
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CtlArguments() {
    }

    static ArrayNode toParams(List<String> words) {
        ArrayNode params = JSON.arrayNode();
        words.forEach(word -> params.add(typed(word)));
        return params;
    }

    static JsonNode typed(String word) {
        if (word.startsWith(FORCE_STRING)) {
            return JSON.textNode(word.substring(FORCE_STRING.length()));
        }
        if (INTEGER.matcher(word).matches()) {
            try {
                return JSON.numberNode(Long.parseLong(word));
            } catch (NumberFormatException tooLong) {
                // beyond 64 bits: a double, as strtod would take it after strtol gave up
            }
        }
        if (DECIMAL.matcher(word).matches()) {
            double value = Double.parseDouble(word);
            if (Double.isFinite(value)) {
                return JSON.numberNode(value);
            }
        }
        return JSON.textNode(word);
    }
}
