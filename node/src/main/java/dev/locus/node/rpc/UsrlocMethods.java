package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.registrar.location.Binding;
import dev.locus.registrar.location.BindingChange;
import dev.locus.registrar.location.ChangeResult;
import dev.locus.registrar.location.ChangeStatus;
import dev.locus.registrar.location.LocationStore;
import dev.locus.registrar.location.PutBinding;
import dev.locus.registrar.location.RemoveAor;
import dev.locus.registrar.location.RemoveContact;
import dev.locus.registrar.registration.AddressOfRecord;
import dev.locus.registrar.registration.RuidGenerator;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Kamailio's usrloc RPC commands over the location store: {@code ul.dump}, {@code ul.lookup}, {@code ul.rm},
 * {@code ul.rm_contact}, {@code ul.add}, {@code ul.flush}. One table, {@code location}, as Kamailio's default.
 */
public final class UsrlocMethods {

    /** Kamailio's marks for contacts made over RPC, so operators can tell them apart. */
    static final String RPC_CALL_ID = "dfjrewr12386fd6-343@locus.rpc";
    static final String RPC_USER_AGENT = "Locus RPC Server";

    private final LocationStore store;
    private final InstantSource clock;
    private final boolean useDomain;
    private final RuidGenerator ruids;

    public UsrlocMethods(LocationStore store, InstantSource clock, boolean useDomain, RuidGenerator ruids) {
        this.store = store;
        this.clock = clock;
        this.useDomain = useDomain;
        this.ruids = ruids;
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
        long now = now();
        return UsrlocJson.dump(store.snapshot(now).toList(), brief, now);
    }

    private JsonNode lookup(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        long now = now();
        List<Binding> bindings = store.lookup(aor, now);
        if (bindings.isEmpty()) {
            throw new RpcException(500, "AOR not found in location table");
        }
        return UsrlocJson.lookup(aor, bindings, now);
    }

    private JsonNode remove(Params params) throws RpcException {
        table(params);
        apply(aor(params), new RemoveAor(now()));
        return JsonNodeFactory.instance.objectNode();
    }

    private JsonNode removeContact(Params params) throws RpcException {
        table(params);
        String aor = aor(params);
        String contact = params.string(2, "contact");
        ChangeResult result = apply(aor, new RemoveContact(now(), contact));
        if (result.status() == ChangeStatus.IGNORED) {
            throw new RpcException(404, result.current().isEmpty() ? "AOR not found" : "Contact not found");
        }
        return JsonNodeFactory.instance.objectNode();
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
        if (expires < 0) {
            throw RpcException.invalidParams("expires must be 0 (permanent) or a number of seconds: " + expires);
        }
        if (q != -1 && (q < 0 || q > 1)) {
            throw RpcException.invalidParams("q must be -1 or between 0 and 1: " + q);
        }
        if (methods < 0 || methods > Binding.ALL_METHODS) {
            throw RpcException.invalidParams("methods must be an unsigned 32-bit mask: " + methods);
        }
        long now = now();
        Binding binding;
        try {
            binding = new Binding(aor, ruids.next(), contact, received, path, RPC_CALL_ID, 1,
                    expires == 0 ? Binding.PERMANENT : now + expires, q == -1 ? Binding.NO_Q : (int) Math.round(q * 1000),
                    (int) flags, (int) cflags, RPC_USER_AGENT, socket, methods, "", 0, now);
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams(e.getMessage());
        }
        apply(aor, new PutBinding(now, binding));
        return JsonNodeFactory.instance.objectNode();
    }

    private static void table(Params params) throws RpcException {
        String table = params.string(0, "table");
        if (!UsrlocJson.TABLE.equals(table)) {
            throw new RpcException(500, "Domain table not found");
        }
    }

    private String aor(Params params) throws RpcException {
        String aor = AddressOfRecord.normalise(params.string(1, "aor"), useDomain);
        if (aor.isEmpty()) {
            throw RpcException.invalidParams("aor must not be empty");
        }
        return aor;
    }

    private ChangeResult apply(String aor, BindingChange change) throws RpcException {
        try {
            return store.apply(aor, change).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(500, "Operation interrupted");
        } catch (ExecutionException | CompletionException e) {
            throw new RpcException(500, "Operation failed: location store unavailable");
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
