package dev.locus.migrations;

/**
 * What a migration run did.
 *
 * @param fromVersion schema version before the run, null for an empty database
 * @param toVersion   schema version after the run, null when nothing was applied
 * @param applied     migrations applied by this run
 */
public record MigrationReport(String fromVersion, String toVersion, int applied) {
}
