package dev.locus.node.config;

/** A setting that is missing, malformed or out of range; the message names the key. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
