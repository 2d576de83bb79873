package dev.locus.registrar.location;

import dev.locus.registrar.Bindings;
import dev.locus.registrar.Binding;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import java.util.Arrays;
import java.util.List;

/**
 * Compact serializers for everything of the location store that crosses members: stored values, the entry
 * processor, the generic changes and their results. Type names are stable wire names: never rename one.
 */
public final class LocationSerializers {

    private LocationSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new BindingSerializer(), new AorStateSerializer(), new RemovalSerializer(), new ChangeResultSerializer(),
                new ApplyChangeSerializer(), new SweepExpiredSerializer(), new RemoveAorSerializer(),
                new RemoveContactSerializer(), new PutBindingSerializer());
    }

    /** Lists travel as arrays of compact values. */
    public static void writeBindings(CompactWriter out, String field, List<Binding> bindings) {
        out.writeArrayOfCompact(field, bindings.toArray(new Binding[0]));
    }

    public static List<Binding> readBindings(CompactReader in, String field) {
        Binding[] array = in.readArrayOfCompact(field, Binding.class);
        return array == null ? List.of() : Arrays.asList(array);
    }

    static final class BindingSerializer implements CompactSerializer<Binding> {
        @Override
        public Binding read(CompactReader in) {
            return new Binding(in.readString("aor"), in.readString("ruid"), in.readString("contact"),
                    in.readString("received"), in.readString("path"), in.readString("callId"), in.readInt64("cseq"),
                    in.readInt64("expires"), in.readInt32("q"), in.readInt32("flags"), in.readInt32("cflags"),
                    in.readString("userAgent"), in.readString("socket"), in.readInt64("methods"),
                    in.readString("instance"), in.readInt32("regId"), in.readInt64("lastModified"));
        }

        @Override
        public void write(CompactWriter out, Binding b) {
            out.writeString("aor", b.aor());
            out.writeString("ruid", b.ruid());
            out.writeString("contact", b.contact());
            out.writeString("received", b.received());
            out.writeString("path", b.path());
            out.writeString("callId", b.callId());
            out.writeInt64("cseq", b.cseq());
            out.writeInt64("expires", b.expires());
            out.writeInt32("q", b.q());
            out.writeInt32("flags", b.flags());
            out.writeInt32("cflags", b.cflags());
            out.writeString("userAgent", b.userAgent());
            out.writeString("socket", b.socket());
            out.writeInt64("methods", b.methods());
            out.writeString("instance", b.instance());
            out.writeInt32("regId", b.regId());
            out.writeInt64("lastModified", b.lastModified());
        }

        @Override
        public String getTypeName() {
            return "locus.Binding";
        }

        @Override
        public Class<Binding> getCompactClass() {
            return Binding.class;
        }
    }

    static final class AorStateSerializer implements CompactSerializer<AorState> {
        @Override
        public AorState read(CompactReader in) {
            Removal[] removals = in.readArrayOfCompact("removals", Removal.class);
            return new AorState(in.readString("aor"), readBindings(in, "contacts"),
                    removals == null ? List.of() : Arrays.asList(removals));
        }

        @Override
        public void write(CompactWriter out, AorState s) {
            out.writeString("aor", s.aor());
            writeBindings(out, "contacts", s.contacts());
            out.writeArrayOfCompact("removals", s.removals().toArray(new Removal[0]));
        }

        @Override
        public String getTypeName() {
            return "locus.AorState";
        }

        @Override
        public Class<AorState> getCompactClass() {
            return AorState.class;
        }
    }

    static final class RemovalSerializer implements CompactSerializer<Removal> {
        @Override
        public Removal read(CompactReader in) {
            return new Removal(in.readString("ruid"), in.readString("contact"), in.readInt64("removedAt"),
                    in.readInt64("keepUntil"));
        }

        @Override
        public void write(CompactWriter out, Removal r) {
            out.writeString("ruid", r.ruid());
            out.writeString("contact", r.contact());
            out.writeInt64("removedAt", r.removedAt());
            out.writeInt64("keepUntil", r.keepUntil());
        }

        @Override
        public String getTypeName() {
            return "locus.Removal";
        }

        @Override
        public Class<Removal> getCompactClass() {
            return Removal.class;
        }
    }

    static final class ChangeResultSerializer implements CompactSerializer<ChangeResult> {
        @Override
        public ChangeResult read(CompactReader in) {
            return new ChangeResult(in.readString("aor"), ChangeStatus.valueOf(in.readString("status")),
                    readBindings(in, "current"), readBindings(in, "added"), readBindings(in, "updated"),
                    readBindings(in, "removed"), readBindings(in, "expired"));
        }

        @Override
        public void write(CompactWriter out, ChangeResult r) {
            out.writeString("aor", r.aor());
            out.writeString("status", r.status().name());
            writeBindings(out, "current", r.current());
            writeBindings(out, "added", r.added());
            writeBindings(out, "updated", r.updated());
            writeBindings(out, "removed", r.removed());
            writeBindings(out, "expired", r.expired());
        }

        @Override
        public String getTypeName() {
            return "locus.ChangeResult";
        }

        @Override
        public Class<ChangeResult> getCompactClass() {
            return ChangeResult.class;
        }
    }

    static final class ApplyChangeSerializer implements CompactSerializer<ApplyChange> {
        @Override
        public ApplyChange read(CompactReader in) {
            return new ApplyChange(in.readCompact("change"));
        }

        @Override
        public void write(CompactWriter out, ApplyChange p) {
            out.writeCompact("change", p.change());
        }

        @Override
        public String getTypeName() {
            return "locus.ApplyChange";
        }

        @Override
        public Class<ApplyChange> getCompactClass() {
            return ApplyChange.class;
        }
    }

    static final class SweepExpiredSerializer implements CompactSerializer<SweepExpired> {
        @Override
        public SweepExpired read(CompactReader in) {
            return new SweepExpired(in.readInt64("now"));
        }

        @Override
        public void write(CompactWriter out, SweepExpired c) {
            out.writeInt64("now", c.now());
        }

        @Override
        public String getTypeName() {
            return "locus.SweepExpired";
        }

        @Override
        public Class<SweepExpired> getCompactClass() {
            return SweepExpired.class;
        }
    }

    static final class RemoveAorSerializer implements CompactSerializer<RemoveAor> {
        @Override
        public RemoveAor read(CompactReader in) {
            return new RemoveAor(in.readInt64("now"));
        }

        @Override
        public void write(CompactWriter out, RemoveAor c) {
            out.writeInt64("now", c.now());
        }

        @Override
        public String getTypeName() {
            return "locus.RemoveAor";
        }

        @Override
        public Class<RemoveAor> getCompactClass() {
            return RemoveAor.class;
        }
    }

    static final class RemoveContactSerializer implements CompactSerializer<RemoveContact> {
        @Override
        public RemoveContact read(CompactReader in) {
            return new RemoveContact(in.readInt64("now"), in.readString("contact"));
        }

        @Override
        public void write(CompactWriter out, RemoveContact c) {
            out.writeInt64("now", c.now());
            out.writeString("contact", c.contact());
        }

        @Override
        public String getTypeName() {
            return "locus.RemoveContact";
        }

        @Override
        public Class<RemoveContact> getCompactClass() {
            return RemoveContact.class;
        }
    }

    static final class PutBindingSerializer implements CompactSerializer<PutBinding> {
        @Override
        public PutBinding read(CompactReader in) {
            return new PutBinding(in.readInt64("now"), in.readCompact("binding"));
        }

        @Override
        public void write(CompactWriter out, PutBinding c) {
            out.writeInt64("now", c.now());
            out.writeCompact("binding", c.binding());
        }

        @Override
        public String getTypeName() {
            return "locus.PutBinding";
        }

        @Override
        public Class<PutBinding> getCompactClass() {
            return PutBinding.class;
        }
    }
}
