package dev.locus.node.config;

import dev.locus.registrar.HtableSpec;

import java.util.List;

/**
 * @param tables    the tables of {@code htable.tables}, in order
 * @param dbExpires Kamailio's {@code db_expires}: database rows' {@code expires} is read (tables with autoexpire)
 */
public record HtableConfig(List<HtableSpec> tables, boolean dbExpires) {

    public HtableConfig {
        tables = List.copyOf(tables);
    }
}
