package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** {@code core.version} and {@code core.uptime}, in Kamailio's formats. */
public final class CoreMethods {

    /** C's ctime(3) layout, which Kamailio prints. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private final String version;
    private final InstantSource clock;
    private final Instant startedAt;
    private final ZoneId zone;

    public CoreMethods(String version, InstantSource clock, Instant startedAt, ZoneId zone) {
        this.version = version;
        this.clock = clock;
        this.startedAt = startedAt;
        this.zone = zone;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("core.version", "Returns the version string of the server",
                params -> JsonNodeFactory.instance.textNode(versionLine()));
        methods.register("core.uptime", "Returns uptime statistics", this::uptime);
    }

    String versionLine() {
        return "locus " + version + " (" + System.getProperty("os.arch") + "/"
                + System.getProperty("os.name").toLowerCase(Locale.ROOT) + ")";
    }

    private JsonNode uptime(Params params) {
        Instant now = clock.instant();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("now", CTIME.format(now.atZone(zone)));
        o.put("up_since", CTIME.format(startedAt.atZone(zone)));
        o.put("uptime", now.getEpochSecond() - startedAt.getEpochSecond());
        return o;
    }
}
