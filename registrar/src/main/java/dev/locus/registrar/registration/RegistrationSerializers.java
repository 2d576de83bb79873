package dev.locus.registrar.registration;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import dev.locus.registrar.location.LocationSerializers;

import java.util.List;

/** Compact serializers for the changes this package sends to the location map. Type names are wire names. */
public final class RegistrationSerializers {

    private RegistrationSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new RegisterChangeSerializer());
    }

    static final class RegisterChangeSerializer implements CompactSerializer<RegisterChange> {
        @Override
        public RegisterChange read(CompactReader in) {
            return new RegisterChange(in.readInt64("now"), in.readString("callId"), in.readInt64("cseq"),
                    in.readBoolean("wildcard"), LocationSerializers.readBindings(in, "contacts"),
                    in.readInt32("maxContacts"));
        }

        @Override
        public void write(CompactWriter out, RegisterChange c) {
            out.writeInt64("now", c.now());
            out.writeString("callId", c.callId());
            out.writeInt64("cseq", c.cseq());
            out.writeBoolean("wildcard", c.wildcard());
            LocationSerializers.writeBindings(out, "contacts", c.contacts());
            out.writeInt32("maxContacts", c.maxContacts());
        }

        @Override
        public String getTypeName() {
            return "locus.RegisterChange";
        }

        @Override
        public Class<RegisterChange> getCompactClass() {
            return RegisterChange.class;
        }
    }
}
