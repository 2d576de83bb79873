package dev.locus.registrar.auth;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.List;

/** Compact serializers for the steps sent to the nonce map. Type names are wire names. */
public final class AuthSerializers {

    private AuthSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new NonceUseSerializer(), new NonceFailureSerializer());
    }

    static final class NonceUseSerializer implements CompactSerializer<NonceUse> {
        @Override
        public NonceUse read(CompactReader in) {
            return new NonceUse(in.readInt64("nc"), in.readString("request"));
        }

        @Override
        public void write(CompactWriter out, NonceUse use) {
            out.writeInt64("nc", use.nc());
            out.writeString("request", use.request());
        }

        @Override
        public String getTypeName() {
            return "locus.NonceUse";
        }

        @Override
        public Class<NonceUse> getCompactClass() {
            return NonceUse.class;
        }
    }

    static final class NonceFailureSerializer implements CompactSerializer<NonceFailure> {
        @Override
        public NonceFailure read(CompactReader in) {
            return new NonceFailure();
        }

        @Override
        public void write(CompactWriter out, NonceFailure failure) {
        }

        @Override
        public String getTypeName() {
            return "locus.NonceFailure";
        }

        @Override
        public Class<NonceFailure> getCompactClass() {
            return NonceFailure.class;
        }
    }
}
