package dev.locus.registrar.replication;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.List;

/** Compact serializers for the changes that replication applies. Type names are wire names. */
public final class ReplicationSerializers {

    private ReplicationSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new UpsertSerializer(), new RemoveSerializer());
    }

    static final class UpsertSerializer implements CompactSerializer<ReplicatedUpsert> {
        @Override
        public ReplicatedUpsert read(CompactReader in) {
            return new ReplicatedUpsert(in.readInt64("now"), in.readCompact("binding"));
        }

        @Override
        public void write(CompactWriter out, ReplicatedUpsert c) {
            out.writeInt64("now", c.now());
            out.writeCompact("binding", c.binding());
        }

        @Override
        public String getTypeName() {
            return "locus.ReplicatedUpsert";
        }

        @Override
        public Class<ReplicatedUpsert> getCompactClass() {
            return ReplicatedUpsert.class;
        }
    }

    static final class RemoveSerializer implements CompactSerializer<ReplicatedRemove> {
        @Override
        public ReplicatedRemove read(CompactReader in) {
            return new ReplicatedRemove(in.readInt64("now"), in.readString("ruid"));
        }

        @Override
        public void write(CompactWriter out, ReplicatedRemove c) {
            out.writeInt64("now", c.now());
            out.writeString("ruid", c.ruid());
        }

        @Override
        public String getTypeName() {
            return "locus.ReplicatedRemove";
        }

        @Override
        public Class<ReplicatedRemove> getCompactClass() {
            return ReplicatedRemove.class;
        }
    }
}
