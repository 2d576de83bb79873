package dev.locus.registrar.htable;

import dev.locus.registrar.HtItem;
import java.util.List;

/**
 * What a table's database rows make.
 *
 * @param items   the items to load, one per name (a later row of the same name wins, as Kamailio's set does)
 * @param skipped the rows left out for what they hold, in row order
 * @param expired the rows left out because their {@code expires} is past
 */
public record HtableLoad(List<HtItem> items, List<Skipped> skipped, int expired) {

    public HtableLoad {
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    /** @param key the row's key column, null when that is what is wrong */
    public record Skipped(int row, String key, String reason) {
    }
}
