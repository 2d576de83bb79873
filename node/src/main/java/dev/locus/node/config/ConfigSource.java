package dev.locus.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where settings come from, in rising precedence: the defaults shipped in the jar ({@code locus-defaults.properties},
 * which documents every key), an optional file, then environment variables named after the key
 * ({@code sip.listen} → {@code LOCUS_SIP_LISTEN}). A key the defaults do not know is a mistake, not a setting.
 */
public final class ConfigSource {

    public static final String DEFAULTS_RESOURCE = "/locus-defaults.properties";
    public static final String ENV_PREFIX = "LOCUS_";

    private ConfigSource() {
    }

    public static Map<String, String> load(Optional<Path> file, Map<String, String> environment) {
        Map<String, String> defaults = defaults();
        Map<String, String> merged = new TreeMap<>(defaults);
        if (file.isPresent()) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + file.get() + ": " + e.getMessage());
            }
            for (String key : props.stringPropertyNames()) {
                if (!defaults.containsKey(key)) {
                    throw new ConfigException("unknown key " + key + " in " + file.get());
                }
                merged.put(key, props.getProperty(key).trim());
            }
        }
        for (String key : defaults.keySet()) {
            String value = environment.get(envName(key));
            if (value != null) {
                merged.put(key, value.trim());
            }
        }
        return merged;
    }

    public static Map<String, String> defaults() {
        Properties props = new Properties();
        try (InputStream in = ConfigSource.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the jar");
            }
            props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        Map<String, String> map = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
        return map;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
