package dev.locus.uacreg.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.TrunkState;
import dev.locus.uacreg.trunk.TrunkRow;

import java.util.List;

/** Compact serializers for the trunk maps. Type names are wire names: never rename one. */
public final class UacregSerializers {

    private UacregSerializers() {
    }

    public static List<CompactSerializer<?>> all() {
        return List.of(new RowSerializer(), new StatusSerializer(), new PublishStatusSerializer(), new RecheckSerializer());
    }

    /** The shared row: no secret is written, only whether each is set (see {@link TrunkRow}). */
    static final class RowSerializer implements CompactSerializer<TrunkRow> {
        @Override
        public TrunkRow read(CompactReader in) {
            return new TrunkRow(in.readInt64("id"), in.readString("lUuid"), in.readString("lUsername"),
                    in.readString("lDomain"), in.readString("rUsername"), in.readString("rDomain"),
                    in.readString("realm"), in.readString("authUsername"), in.readBoolean("passwordSet"),
                    TrunkRow.Ha1.valueOf(in.readString("ha1")), in.readString("authProxy"), in.readInt32("expires"),
                    in.readInt32("flags"), in.readInt32("regDelay"), in.readString("contactAddr"),
                    in.readString("socket"), in.readString("heldBy"));
        }

        @Override
        public void write(CompactWriter out, TrunkRow r) {
            out.writeInt64("id", r.id());
            out.writeString("lUuid", r.lUuid());
            out.writeString("lUsername", r.lUsername());
            out.writeString("lDomain", r.lDomain());
            out.writeString("rUsername", r.rUsername());
            out.writeString("rDomain", r.rDomain());
            out.writeString("realm", r.realm());
            out.writeString("authUsername", r.authUsername());
            out.writeBoolean("passwordSet", r.passwordSet());
            out.writeString("ha1", r.ha1().name());
            out.writeString("authProxy", r.authProxy());
            out.writeInt32("expires", r.expires());
            out.writeInt32("flags", r.flags());
            out.writeInt32("regDelay", r.regDelay());
            out.writeString("contactAddr", r.contactAddr());
            out.writeString("socket", r.socket());
            out.writeString("heldBy", r.heldBy());
        }

        @Override
        public String getTypeName() {
            // Not "locus.uacreg.Row": that type carried the secrets, and nodes that still write it cannot join.
            return "locus.uacreg.SharedRow";
        }

        @Override
        public Class<TrunkRow> getCompactClass() {
            return TrunkRow.class;
        }
    }

    static final class RecheckSerializer implements CompactSerializer<RecheckCredentials> {
        @Override
        public RecheckCredentials read(CompactReader in) {
            String[] keys = in.readArrayOfString("keys");
            return new RecheckCredentials(in.readBoolean("all") ? null : java.util.Arrays.asList(keys));
        }

        @Override
        public void write(CompactWriter out, RecheckCredentials task) {
            out.writeBoolean("all", task.keys().isEmpty());
            out.writeArrayOfString("keys", task.keys().map(k -> k.toArray(String[]::new)).orElse(new String[0]));
        }

        @Override
        public String getTypeName() {
            return "locus.uacreg.RecheckCredentials";
        }

        @Override
        public Class<RecheckCredentials> getCompactClass() {
            return RecheckCredentials.class;
        }
    }

    static final class PublishStatusSerializer implements CompactSerializer<PublishStatus> {
        @Override
        public PublishStatus read(CompactReader in) {
            return new PublishStatus(in.readCompact("status"));
        }

        @Override
        public void write(CompactWriter out, PublishStatus p) {
            out.writeCompact("status", p.status());
        }

        @Override
        public String getTypeName() {
            return "locus.uacreg.PublishStatus";
        }

        @Override
        public Class<PublishStatus> getCompactClass() {
            return PublishStatus.class;
        }
    }

    static final class StatusSerializer implements CompactSerializer<TrunkStatus> {
        @Override
        public TrunkStatus read(CompactReader in) {
            return new TrunkStatus(in.readString("lUuid"), in.readString("owner"),
                    TrunkState.valueOf(in.readString("state")), new TrunkStatus.Activity(in.readBoolean("disabled"),
                    in.readBoolean("sending"), in.readBoolean("credentialsSent"), in.readBoolean("bound"),
                    in.readBoolean("started")), in.readInt32("expires"),
                    in.readInt64("timerExpires"), in.readInt64("regInit"), in.readInt32("regDelay"),
                    in.readInt32("lastCode"), in.readString("lastReason"), in.readInt32("failures"),
                    in.readInt64("nextAttempt"), in.readString("contact"), in.readInt64("version"));
        }

        @Override
        public void write(CompactWriter out, TrunkStatus s) {
            out.writeString("lUuid", s.lUuid());
            out.writeString("owner", s.owner());
            out.writeString("state", s.state().name());
            out.writeBoolean("disabled", s.activity().disabled());
            out.writeBoolean("sending", s.activity().sending());
            out.writeBoolean("credentialsSent", s.activity().credentialsSent());
            out.writeBoolean("bound", s.activity().bound());
            out.writeBoolean("started", s.activity().started());
            out.writeInt32("expires", s.expires());
            out.writeInt64("timerExpires", s.timerExpires());
            out.writeInt64("regInit", s.regInit());
            out.writeInt32("regDelay", s.regDelay());
            out.writeInt32("lastCode", s.lastCode());
            out.writeString("lastReason", s.lastReason());
            out.writeInt32("failures", s.failures());
            out.writeInt64("nextAttempt", s.nextAttempt());
            out.writeString("contact", s.contact());
            out.writeInt64("version", s.version());
        }

        @Override
        public String getTypeName() {
            return "locus.uacreg.Status";
        }

        @Override
        public Class<TrunkStatus> getCompactClass() {
            return TrunkStatus.class;
        }
    }
}
