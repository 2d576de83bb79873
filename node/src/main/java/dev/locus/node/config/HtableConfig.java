package dev.locus.node.config;

import dev.locus.registrar.htable.HtableSpec;

import java.util.List;

/** @param tables the tables of {@code htable.tables}, in order */
public record HtableConfig(List<HtableSpec> tables) {

    public HtableConfig {
        tables = List.copyOf(tables);
    }
}
