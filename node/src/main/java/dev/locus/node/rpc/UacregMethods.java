package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.uacreg.TrunkException;
import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.TrunkTable;
import dev.locus.uacreg.TrunkView;
import dev.locus.uacreg.UacregLoadException;
import dev.locus.uacreg.UacregRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Optional;

/**
 * The {@code uac.reg_*} methods with Kamailio 5.6's names, parameters, result shapes and error codes. Records
 * carry Kamailio's 18 fields in its order, then what operators miss there: {@code state}, {@code last_code},
 * {@code last_reason}, {@code owner_node}, {@code next_attempt}, {@code failures}. Unlike Kamailio, passwords and
 * HA1 are shown only when asked for (a last parameter {@code 1}); they are read then from the database by the
 * answering node (the cluster does not share them).
 */
public final class UacregMethods {

    private static final Logger log = LoggerFactory.getLogger(UacregMethods.class);
    private static final String MASK = "****";

    private final TrunkTable uacreg;
    private final InstantSource clock;
    private final String defaultContactAddr;

    public UacregMethods(TrunkTable uacreg, InstantSource clock, String defaultContactAddr) {
        this.uacreg = uacreg;
        this.clock = clock;
        this.defaultContactAddr = defaultContactAddr;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("uac.reg_dump", "Dump the trunk registrations [1: show secrets]", this::dump);
        methods.register("uac.reg_info", "One trunk registration: attr value [1: show secrets]", this::info);
        methods.register("uac.reg_reload", "Reload the uacreg table (as a diff)", this::reload);
        methods.register("uac.reg_refresh", "Reload one row from the database: l_uuid", this::refresh);
        methods.register("uac.reg_enable", "Enable a trunk: attr value", p -> filtered(p, uacreg::enable));
        methods.register("uac.reg_disable", "Disable a trunk (its binding stays until it expires): attr value",
                p -> filtered(p, uacreg::disable));
        methods.register("uac.reg_unregister", "Un-register a trunk and keep it so: attr value",
                p -> filtered(p, uacreg::unregister));
        methods.register("uac.reg_register", "Register a trunk now: attr value", p -> filtered(p, uacreg::register));
        methods.register("uac.reg_active", "Switch all trunk registrations on (1) or off (0)", this::active);
        methods.register("uac.reg_add", "Add a trunk until the next reload (15 params, socket before contact_addr)",
                this::add);
        methods.register("uac.reg_remove", "Remove a trunk (un-registered first): l_uuid", this::remove);
    }

    private interface Filtered {
        void apply(String attribute, String value);
    }

    private JsonNode dump(Params params) throws RpcException {
        boolean secrets = secrets(params, 0);
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        try {
            for (TrunkView view : uacreg.dump(secrets)) {
                result.add(record(view, secrets));
            }
        } catch (TrunkException e) {
            throw refused(e);
        } catch (UacregLoadException e) {
            throw secretsUnavailable("uac.reg_dump", e);
        }
        return result;
    }

    private JsonNode info(Params params) throws RpcException {
        String[] filter = filter(params);
        boolean secrets = secrets(params, 2);
        try {
            return record(uacreg.info(filter[0], filter[1], secrets), secrets);
        } catch (TrunkException e) {
            throw refused(e);
        } catch (UacregLoadException e) {
            throw secretsUnavailable("uac.reg_info", e);
        }
    }

    private JsonNode filtered(Params params, Filtered operation) throws RpcException {
        String[] filter = filter(params);
        try {
            operation.apply(filter[0], filter[1]);
        } catch (TrunkException e) {
            throw refused(e);
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private JsonNode reload(Params params) throws RpcException {
        try {
            TrunkTable.Reload r = uacreg.reload();
            return JsonNodeFactory.instance.objectNode().put("added", r.added()).put("changed", r.changed())
                    .put("removed", r.removed()).put("unchanged", r.unchanged()).put("invalid", r.invalid());
        } catch (UacregLoadException e) {
            log.error("uac.reg_reload: {}", e.getMessage());
            throw new RpcException(500, "Failed to reload records - check log messages");
        }
    }

    private JsonNode refresh(Params params) throws RpcException {
        String uuid = params.optionalText(0, "l_uuid").orElseThrow(() -> new RpcException(400, "Invalid Parameters"));
        try {
            uacreg.refresh(uuid);
        } catch (TrunkException e) {
            throw refused(e);
        } catch (UacregLoadException e) {
            log.error("uac.reg_refresh {}: {}", uuid, e.getMessage());
            throw new RpcException(500, "Failed to refresh record - check log messages");
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private JsonNode active(Params params) throws RpcException {
        Optional<String> mode = params.optionalText(0, "mode");
        if (mode.isEmpty()) {
            throw new RpcException(500, "Missing parameter");
        }
        // Kamailio reads any non-number as 0 and so switches every trunk off; a typo gets an error here.
        int n = (int) integer(params, 0, "mode");
        boolean before = uacreg.setActive(n != 0);
        return JsonNodeFactory.instance.objectNode().put("omode", before ? 1 : 0).put("nmode", n);
    }

    private JsonNode add(Params params) throws RpcException {
        if (params.size() < 15) {
            throw new RpcException(400, "Invalid Parameters");
        }
        String[] s = new String[15];
        for (int i = 0; i < 15; i++) {
            if (i == 10 || i == 11 || i == 12) {
                continue;
            }
            s[i] = params.optionalText(i, "param " + (i + 1)).orElse("");
        }
        int expires = (int) integer(params, 10, "expires");
        int flags = (int) integer(params, 11, "flags");
        int delay = (int) integer(params, 12, "reg_delay");
        UacregRow row = new UacregRow(0, s[0], s[1], s[2], s[3], s[4], s[5], s[6], dot(s[7]), dot(s[8]), s[9],
                expires, flags, delay, dot(s[14]), s[13]);
        try {
            uacreg.add(row);
        } catch (TrunkException e) {
            throw refused(e);
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private JsonNode remove(Params params) throws RpcException {
        String uuid = params.optionalText(0, "l_uuid").orElseThrow(() -> new RpcException(400, "Invalid Parameters"));
        try {
            uacreg.remove(uuid);
        } catch (TrunkException e) {
            throw refused(e);
        }
        return JsonNodeFactory.instance.objectNode();
    }

    /** Kamailio's uac_reg state bits: 1 disabled, 2 in progress, 4 online, 8 credentials sent, 16 initialised. */
    static int flags(TrunkStatus.Activity a) {
        return (a.disabled() ? 1 : 0) | (a.sending() ? 2 : 0) | (a.bound() ? 4 : 0) | (a.credentialsSent() ? 8 : 0)
                | (a.started() ? 16 : 0);
    }

    /** Secrets asked for while the database cannot give them: the operator asks again without them. */
    private static RpcException secretsUnavailable(String method, UacregLoadException e) {
        log.error("{}: {}", method, e.getMessage());
        return new RpcException(500, "Failed to read credentials - check log messages");
    }

    /** Kamailio 5.6's code and message for each refusal. */
    private static RpcException refused(TrunkException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> new RpcException(404, "Record not found");
            case DUPLICATE_UUID -> new RpcException(409, "uuid already exists");
            case EMPTY_FILTER -> new RpcException(400, "Invalid Parameter Values");
            case UNSUPPORTED_FILTER -> new RpcException(400, "Unsupported filter attribute");
            case INVALID_ROW -> new RpcException(500, "Failed to add record - " + e.getMessage());
        };
    }

    private static long integer(Params params, int index, String name) throws RpcException {
        Optional<String> text = params.optionalText(index, name);
        try {
            return Long.parseLong(text.orElseThrow(() -> new RpcException(400, "Invalid Parameters")).trim());
        } catch (NumberFormatException e) {
            throw RpcException.invalidParams("parameter " + name + " must be an integer");
        }
    }

    /** "." stands for empty in uac.reg_add's password, HA1 and contact_addr, as in Kamailio 5.6. */
    private static String dot(String s) {
        return ".".equals(s) ? "" : s;
    }

    private static String[] filter(Params params) throws RpcException {
        Optional<String> attribute = params.optionalText(0, "attr");
        Optional<String> value = params.optionalText(1, "value");
        if (attribute.isEmpty() || value.isEmpty()) {
            throw new RpcException(400, "Invalid Parameters");
        }
        return new String[]{attribute.get(), value.get()};
    }

    private static boolean secrets(Params params, int index) throws RpcException {
        return params.optionalText(index, "show_secrets").map(v -> v.equals("1") || v.equalsIgnoreCase("secrets"))
                .orElse(false);
    }

    private ObjectNode record(TrunkView view, boolean secrets) {
        UacregRow row = view.row();
        TrunkStatus status = view.status();
        long now = clock.instant().getEpochSecond();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("l_uuid", row.lUuid());
        o.put("l_username", row.lUsername());
        o.put("l_domain", row.lDomain());
        o.put("r_username", row.rUsername());
        o.put("r_domain", row.rDomain());
        if (row.realm().isEmpty()) {
            o.putNull("realm");
        } else {
            o.put("realm", row.realm());
        }
        o.put("auth_username", row.authUsername());
        o.put("auth_password", secret(view.passwordSet(), row.authPassword(), secrets && view.secretsRead()));
        o.put("auth_ha1", secret(view.ha1Set(), row.authHa1().toLowerCase(java.util.Locale.ROOT),
                secrets && view.secretsRead()));
        o.put("auth_proxy", row.authProxy().isEmpty() ? "none" : row.authProxy());
        o.put("expires", status.expires());
        o.put("flags", flags(status.activity()));
        o.put("diff_expires", status.timerExpires() - now);
        o.put("timer_expires", status.timerExpires());
        o.put("reg_init", status.regInit());
        o.put("reg_delay", row.regDelay());
        o.put("contact_addr", contactAddr(row, status));
        if (row.socket().isEmpty()) {
            o.putNull("socket");
        } else {
            o.put("socket", row.socket());
        }
        o.put("state", status.state().word());
        o.put("last_code", status.lastCode());
        o.put("last_reason", status.lastReason());
        o.put("owner_node", status.owner());
        o.put("next_attempt", status.nextAttempt());
        o.put("failures", status.failures());
        return o;
    }

    /** The row's, else the owner's address as bound at the carrier, else this node's default. */
    private String contactAddr(UacregRow row, TrunkStatus status) {
        if (!row.contactAddr().isEmpty()) {
            return row.contactAddr();
        }
        String bound = status.contact();
        int at = bound.indexOf('@');
        return at > 0 ? bound.substring(at + 1) : defaultContactAddr;
    }

    /**
     * {@code none} for a secret the row lacks; else the value when it was read (it is the database's now, which
     * a reload has not necessarily applied yet), else the mask: a row added by uac.reg_add on another node shows
     * it even when asked for, that node alone holding its secrets.
     */
    private static String secret(boolean set, String value, boolean read) {
        if (!set) {
            return "none";
        }
        if (!read) {
            return MASK;
        }
        return value.isEmpty() ? "none" : value;
    }
}
