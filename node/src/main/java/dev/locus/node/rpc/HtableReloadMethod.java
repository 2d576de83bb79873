package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.locus.registrar.Htable;
import dev.locus.registrar.HtableLoader;
import dev.locus.registrar.HtableLoadException;
import dev.locus.registrar.HtableUnavailableException;
import dev.locus.registrar.Htables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * {@code htable.reload}, with Kamailio 5.6's answers: the table's content replaced by its database table's.
 * Only this node's RPC starts it, nothing is sent over DMQ (as Kamailio); the content is the cluster's.
 */
public final class HtableReloadMethod {

    private static final Logger log = LoggerFactory.getLogger(HtableReloadMethod.class);

    private final Htables htables;
    private final Optional<HtableLoader> database;

    /** @param database empty when the node has no database ({@code db.url} unset) */
    public HtableReloadMethod(Htables htables, Optional<HtableLoader> database) {
        this.htables = htables;
        this.database = database;
    }

    public void registerIn(RpcMethods methods) {
        methods.register("htable.reload", "Reload hash table from database: htable name", this::reload);
    }

    private JsonNode reload(Params params) throws RpcException {
        // Kamailio's checks, in its order.
        if (database.isEmpty()) {
            throw new RpcException(500, "No htable db_url");
        }
        String name = params.optionalText(0, "htable name")
                .orElseThrow(() -> new RpcException(500, "No htable name given"));
        Htable table = htables.table(name).orElseThrow(() -> new RpcException(500, "No such htable"));
        if (table.spec().dbtable().isEmpty()) {
            throw new RpcException(500, "No database htable");
        }
        try {
            database.get().reload(table);
        } catch (HtableLoadException e) {
            log.error("htable.reload {}: {}", name, e.getMessage());
            throw new RpcException(500, "Htable reload failed: cannot read database table "
                    + table.spec().dbtable() + " (see the node's log)");
        } catch (HtableUnavailableException e) {
            log.error("htable.reload {}: {}", name, e.getMessage());
            throw new RpcException(500, "Htable reload failed: the cluster did not answer");
        }
        return JsonNodeFactory.instance.textNode("Ok. Htable reloaded.");
    }
}
