package dev.locus.node.health;

/** One readiness condition and how it stands: {@code detail} says what is wrong, or what was found, in words. */
public record Check(String name, boolean ok, String detail) {

    public static Check ok(String name, String detail) {
        return new Check(name, true, detail);
    }

    public static Check failing(String name, String detail) {
        return new Check(name, false, detail);
    }
}
