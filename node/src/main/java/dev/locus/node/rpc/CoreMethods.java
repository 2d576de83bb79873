package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code core.version}, {@code core.info}, {@code core.uptime}, {@code core.echo} and
 * {@code system.methodSignature}, in Kamailio 5.6's formats, answers and help texts ({@code core/core_cmd.c}).
 */
public final class CoreMethods {

    /** C's ctime(3) layout, which Kamailio prints. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final String NAME = "locus";

    private final String version;
    private final InstantSource clock;
    private final Instant startedAt;
    private final ZoneId zone;
    private final Platform platform;

    /**
     * What Kamailio prints of the machine it was built for and the build itself; for Locus, of the machine and
     * runtime it runs on.
     *
     * @param arch     the processor as {@code uname -m} names it ({@code x86_64}, {@code aarch64})
     * @param os       the system, lower-case ({@code linux})
     * @param runtime  the Java runtime, in Kamailio's {@code compiler} member
     */
    public record Platform(String arch, String os, String runtime) {

        public static Platform current() {
            return new Platform(unameArch(System.getProperty("os.arch")),
                    System.getProperty("os.name").toLowerCase(Locale.ROOT),
                    "java " + System.getProperty("java.runtime.version", System.getProperty("java.version")));
        }

        /** Java names some processors otherwise than uname, which Kamailio's build takes its name from. */
        static String unameArch(String javaArch) {
            switch (javaArch) {
                case "amd64":
                    return "x86_64";
                case "x86":
                    return "i386";
                default:
                    return javaArch;
            }
        }
    }

    public CoreMethods(String version, InstantSource clock, Instant startedAt, ZoneId zone, Platform platform) {
        this.version = version;
        this.clock = clock;
        this.startedAt = startedAt;
        this.zone = zone;
        this.platform = platform;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("core.version", "Returns the version string of the server.",
                params -> JsonNodeFactory.instance.textNode(versionLine()));
        methods.register("core.info",
                "Verbose info, including version number, compile flags, compiler,repository hash a.s.o.",
                params -> info());
        methods.register("core.uptime", "Returns uptime of SIP server.", this::uptime);
        methods.register("core.echo", "Returns back its parameters.", CoreMethods::echo);
        methods.register("system.methodSignature", "Returns signature of given method.", params -> {
            // Kamailio 5.6 answers this for every method, known or not.
            throw new RpcException(500, "Not Implemented Yet");
        });
    }

    /**
     * Kamailio's {@code SER_FULL_VERSION " " REPO_VER}: name, version, {@code (arch/os)}, and a space that stands
     * for the repository version a Debian build leaves empty, kept so that a parser of Kamailio's line reads ours.
     */
    String versionLine() {
        return NAME + " " + version + " (" + platform.arch() + "/" + platform.os() + ") ";
    }

    private JsonNode info() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("version", NAME + " " + version);
        // Kamailio's repository hash, "unknown " outside a git build; Locus's jar carries none either.
        o.put("id", "unknown ");
        o.put("compiler", platform.runtime());
        o.put("compiled", "");
        o.put("flags", "");
        return o;
    }

    private JsonNode uptime(Params params) {
        Instant now = clock.instant();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("now", CTIME.format(now.atZone(zone)));
        o.put("up_since", CTIME.format(startedAt.atZone(zone)));
        o.put("uptime", now.getEpochSecond() - startedAt.getEpochSecond());
        return o;
    }

    /**
     * Each parameter back as a string, numbers as their integer text (Kamailio reads them with its "s" scan: 2.9 is
     * "2"), up to the first that is neither (null, true, an object or array), as Kamailio stops there.
     */
    private static JsonNode echo(Params params) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < params.size(); i++) {
            Optional<JsonNode> v = params.value(i);
            if (v.isEmpty()) {
                break;
            }
            JsonNode value = v.get();
            if (value.isTextual()) {
                out.add(value.textValue());
            } else if (value.isIntegralNumber()) {
                out.add(value.asText());
            } else if (value.isNumber()) {
                out.add(Long.toString(value.longValue()));
            } else {
                break;
            }
        }
        return out;
    }
}
