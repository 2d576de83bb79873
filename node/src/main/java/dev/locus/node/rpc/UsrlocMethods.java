package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.registrar.Binding;
import dev.locus.registrar.LocationUnavailableException;
import dev.locus.registrar.NewBinding;
import dev.locus.registrar.Usrloc;

import java.time.InstantSource;
import java.util.List;

/**
 * Kamailio's usrloc RPC commands over the location store: {@code ul.dump}, {@code ul.lookup}, {@code ul.rm},
 * {@code ul.rm_contact}, {@code ul.add}, {@code ul.flush}. One table, {@code location}, as Kamailio's default.
 */
public final class UsrlocMethods {

    /** Kamailio's marks for contacts made over RPC, so operators can tell them apart. */
    static final String RPC_CALL_ID = "dfjrewr12386fd6-343@locus.rpc";
    static final String RPC_USER_AGENT = "Locus RPC Server";

    private final Usrloc usrloc;
    private final InstantSource clock;

    public UsrlocMethods(Usrloc usrloc, InstantSource clock) {
        this.usrloc = usrloc;
        this.clock = clock;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("ul.dump", "Dump user location tables", this::dump);
        methods.register("ul.lookup", "Lookup one AOR in the usrloc location table", this::lookup);
        methods.register("ul.rm", "Delete a address of record including its contacts", this::remove);
        methods.register("ul.rm_contact", "Delete a contact from an AOR record", this::removeContact);
        methods.register("ul.add", "Add a new contact for an address of record", this::add);
        methods.register("ul.flush", "Flush cache to database (nothing to do: state lives in the cluster)",
                params -> JsonNodeFactory.instance.objectNode());
    }

    private JsonNode dump(Params params) throws RpcException {
        boolean brief = params.optionalString(0, "mode").map("brief"::equals).orElse(false);
        return UsrlocJson.dump(available(usrloc::dump), brief, now());
    }

    private JsonNode lookup(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        List<Binding> bindings = available(() -> usrloc.lookup(aor));
        if (bindings.isEmpty()) {
            throw new RpcException(500, "AOR not found in location table");
        }
        return UsrlocJson.lookup(aor, bindings, now());
    }

    private JsonNode remove(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        available(() -> {
            usrloc.removeAor(aor);
            return null;
        });
        return JsonNodeFactory.instance.objectNode();
    }

    private JsonNode removeContact(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        String contact = params.string(2, "contact");
        switch (available(() -> usrloc.removeContact(aor, contact))) {
            case NO_SUCH_AOR -> throw new RpcException(404, "AOR not found");
            case NO_SUCH_CONTACT -> throw new RpcException(404, "Contact not found");
            case REMOVED -> {
                return JsonNodeFactory.instance.objectNode();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** ul.add table aor contact expires q path flags cflags methods [received [socket]]. */
    private JsonNode add(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        String contact = params.string(2, "contact");
        long expires = params.integer(3, "expires");
        double q = params.number(4, "q");
        String path = notSetToEmpty(params.string(5, "path"));
        long flags = params.integer(6, "flags");
        long cflags = params.integer(7, "cflags");
        long methods = params.integer(8, "methods");
        String received = notSetToEmpty(params.optionalString(9, "received").orElse(""));
        String socket = notSetToEmpty(params.optionalString(10, "socket").orElse(""));
        if (q != -1 && (q < 0 || q > 1)) {
            throw RpcException.invalidParams("q must be -1 or between 0 and 1: " + q);
        }
        NewBinding binding;
        try {
            binding = new NewBinding(aor, contact, received, path, RPC_CALL_ID, RPC_USER_AGENT, expires,
                    q == -1 ? Binding.NO_Q : (int) Math.round(q * 1000), (int) flags, (int) cflags, socket, methods);
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams(e.getMessage());
        }
        try {
            available(() -> {
                usrloc.add(binding);
                return null;
            });
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams(e.getMessage());
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private static void table(Params params) throws RpcException {
        String table = params.string(0, "table");
        if (!UsrlocJson.TABLE.equals(table)) {
            throw new RpcException(500, "Domain table not found");
        }
    }

    private String aor(Params params) throws RpcException {
        String aor = usrloc.aorKey(params.string(1, "aor"));
        if (aor.isEmpty()) {
            throw RpcException.invalidParams("aor must not be empty");
        }
        return aor;
    }

    private interface Call<T> {
        T run();
    }

    /** A cluster that does not answer is Kamailio's 500 for a failed usrloc operation. */
    private static <T> T available(Call<T> call) throws RpcException {
        try {
            return call.run();
        } catch (LocationUnavailableException e) {
            throw new RpcException(500, e.getCause() instanceof InterruptedException
                    ? "Operation interrupted" : "Operation failed: location store unavailable");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** Kamailio's convention for "not set" in ul.add: "." or "0". */
    private static String notSetToEmpty(String value) {
        return value.equals(".") || value.equals("0") ? "" : value;
    }
}
