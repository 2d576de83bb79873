package dev.locus.node.config;

import java.time.Duration;

/**
 * @param backupCount   synchronous backups of each AOR in the cluster
 * @param timerInterval how often expired bindings are purged (Kamailio's usrloc {@code timer_interval})
 */
public record UsrlocConfig(int backupCount, Duration timerInterval) {
}
