package dev.locus.node.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Typed, checked reads of the merged key/value settings; every failure names the key and the value. */
final class Settings {

    private final Map<String, String> values;

    Settings(Map<String, String> values) {
        this.values = values;
    }

    String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigException("missing key " + key);
        }
        return v;
    }

    long integer(String key, long min, long max) {
        String v = string(key);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + v + " is not an integer");
        }
        if (n < min || n > max) {
            throw new ConfigException(key + "=" + v + " is out of range " + min + ".." + max);
        }
        return n;
    }

    int port(String key) {
        return (int) integer(key, 0, 65535);
    }

    boolean bool(String key) {
        String v = string(key);
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(key + "=" + v + " is not a boolean (true/false)");
        };
    }

    List<String> list(String key) {
        String v = string(key);
        if (v.isBlank()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
