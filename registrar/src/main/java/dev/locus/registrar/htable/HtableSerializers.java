package dev.locus.registrar.htable;

import dev.locus.registrar.HtValue;
import dev.locus.registrar.HtItem;
import dev.locus.registrar.HtableMatch;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.List;

/** Compact serializers for what htable stores and sends between members. Type names are wire names: never rename. */
public final class HtableSerializers {

    private HtableSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new ItemSerializer(), new ItemOperationSerializer(), new RemoveMatchingSerializer());
    }

    private static void writeValue(CompactWriter out, HtValue value) {
        out.writeBoolean("isString", value instanceof HtValue.Str);
        out.writeString("strval", value instanceof HtValue.Str s ? s.value() : null);
        out.writeInt32("intval", value instanceof HtValue.Int i ? i.value() : 0);
    }

    private static HtValue readValue(CompactReader in) {
        return in.readBoolean("isString") ? new HtValue.Str(in.readString("strval")) : new HtValue.Int(in.readInt32("intval"));
    }

    static final class ItemSerializer implements CompactSerializer<HtItem> {
        @Override
        public HtItem read(CompactReader in) {
            return new HtItem(in.readString("name"), readValue(in), in.readInt64("expire"));
        }

        @Override
        public void write(CompactWriter out, HtItem item) {
            out.writeString("name", item.name());
            writeValue(out, item.value());
            out.writeInt64("expire", item.expire());
        }

        @Override
        public String getTypeName() {
            return "locus.HtItem";
        }

        @Override
        public Class<HtItem> getCompactClass() {
            return HtItem.class;
        }
    }

    static final class ItemOperationSerializer implements CompactSerializer<ItemOperation> {
        @Override
        public ItemOperation read(CompactReader in) {
            return new ItemOperation(ItemOperation.Op.valueOf(in.readString("op")), readValue(in), in.readInt64("amount"),
                    in.readInt64("now"), in.readInt32("autoexpire"), in.readBoolean("updateexpire"),
                    in.readBoolean("hasInitval"), in.readInt32("initval"));
        }

        @Override
        public void write(CompactWriter out, ItemOperation op) {
            out.writeString("op", op.op().name());
            writeValue(out, op.value() == null ? new HtValue.Int(0) : op.value());
            out.writeInt64("amount", op.amount());
            out.writeInt64("now", op.now());
            out.writeInt32("autoexpire", op.autoexpire());
            out.writeBoolean("updateexpire", op.updateexpire());
            out.writeBoolean("hasInitval", op.hasInitval());
            out.writeInt32("initval", op.initval());
        }

        @Override
        public String getTypeName() {
            return "locus.HtItemOperation";
        }

        @Override
        public Class<ItemOperation> getCompactClass() {
            return ItemOperation.class;
        }
    }

    static final class RemoveMatchingSerializer implements CompactSerializer<RemoveMatching> {
        @Override
        public RemoveMatching read(CompactReader in) {
            return new RemoveMatching(new HtableMatch(HtableMatch.Kind.valueOf(in.readString("kind")),
                    in.readBoolean("onValue"), in.readString("pattern")), in.readInt64("now"), in.readInt32("autoexpire"));
        }

        @Override
        public void write(CompactWriter out, RemoveMatching r) {
            out.writeString("kind", r.match().kind().name());
            out.writeBoolean("onValue", r.match().onValue());
            out.writeString("pattern", r.match().pattern());
            out.writeInt64("now", r.now());
            out.writeInt32("autoexpire", r.autoexpire());
        }

        @Override
        public String getTypeName() {
            return "locus.HtRemoveMatching";
        }

        @Override
        public Class<RemoveMatching> getCompactClass() {
            return RemoveMatching.class;
        }
    }
}
