package dev.locus.registrar;

/** An item's value, as Kamailio's htable holds it: a string or a 32-bit signed integer. */
public sealed interface HtValue permits HtValue.Str, HtValue.Int {

    /** Kamailio's {@code flags}/{@code type} bit: 2 for a string value, 0 for an integer. */
    int type();

    record Str(String value) implements HtValue {
        public Str {
            java.util.Objects.requireNonNull(value, "value");
        }

        @Override
        public int type() {
            return 2;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    record Int(int value) implements HtValue {
        @Override
        public int type() {
            return 0;
        }

        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    static HtValue of(String value) {
        return new Str(value);
    }

    static HtValue of(int value) {
        return new Int(value);
    }
}
