package dev.locus.registrar;

/**
 * A change made on this node through an entry point that Kamailio replicates (RPC, the protection, an API call),
 * in the terms of the DMQ {@code htable} actions it becomes. Changes applied from DMQ, loaded from the database,
 * flushes and expiries are not changes in this sense, as in Kamailio.
 */
public sealed interface HtableChange {

    String table();

    /** Action 2: the item now has this value (an increment travels as its result). */
    record Set(String table, String name, HtValue value) implements HtableChange {
    }

    /** Action 3: the item expires {@code seconds} from now; 0 or less: never. */
    record Expire(String table, String name, int seconds) implements HtableChange {
    }

    /** Action 4. */
    record Delete(String table, String name) implements HtableChange {
    }

    /** Actions 5 (regex) and 6 (prefix). */
    record RemoveMatching(String table, HtableMatch match) implements HtableChange {
    }
}
