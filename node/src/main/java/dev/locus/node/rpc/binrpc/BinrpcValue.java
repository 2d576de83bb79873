package dev.locus.node.rpc.binrpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One binrpc record as Kamailio's ctl module and kamcmd exchange them ({@code ctl/binrpc.h}): an INT (32 bits), a
 * STR, a DOUBLE (sent as thousandths in a 64-bit integer), BYTES, or a STRUCT of members. An ARRAY record is read as a
 * STRUCT of anonymous members: Kamailio's RPC layer encodes its structures and its arrays alike, as STRUCT.
 */
public sealed interface BinrpcValue {

    record Int(int value) implements BinrpcValue {
    }

    record Str(String value) implements BinrpcValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The wire keeps three decimals: 0.5 is sent as 500. */
    record Dbl(double value) implements BinrpcValue {
    }

    record Bytes(byte[] value) implements BinrpcValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + new String(value, StandardCharsets.UTF_8) + "]";
        }
    }

    record Struct(List<Member> members) implements BinrpcValue {
        public Struct {
            members = List.copyOf(members);
        }
    }

    /** A struct member: named (an AVP record before its value) or anonymous (Kamailio's {@code array_add}). */
    record Member(String name, BinrpcValue value) {
        public Member {
            Objects.requireNonNull(value, "value");
        }

        public static Member named(String name, BinrpcValue value) {
            return new Member(Objects.requireNonNull(name, "name"), value);
        }

        public static Member anonymous(BinrpcValue value) {
            return new Member(null, value);
        }

        public boolean isNamed() {
            return name != null;
        }
    }
}
