package dev.locus.node.config;

import java.time.Duration;

/**
 * Requests sent by {@code tm.t_uac_*}.
 *
 * @param frTimer         how long a request waits for its final reply before it ends as a local 408 (tm's fr_timer)
 * @param maxTransactions requests waiting for their final reply at once, all callers together
 * @param maxWaiting      {@code t_uac_wait} calls waiting at once for their final reply
 */
public record TmConfig(Duration frTimer, int maxTransactions, int maxWaiting) {
}
