package dev.locus.uacreg;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Trunk registrations from the uacreg table.
 *
 * @param enabled       on when a database is configured (auto) or forced; never without one
 * @param contactAddr   host[:port][;params] of the Contact for rows without contact_addr (Kamailio's
 *                      reg_contact_addr); each node's own address by default, so carriers see which node holds a trunk
 * @param timeout       a REGISTER without a final reply after this ends as 408
 * @param retryInterval first retry after a failure; doubled per failure up to {@code retryMax}, ±20 %
 * @param randomDelay   rows without reg_delay start at a random point within this after a load
 * @param maxRate       REGISTERs per second toward carriers, from this node
 * @param quorum        members this node must see to register anything (a split brain's minority stays quiet);
 *                      empty = a majority of the members the cluster is meant to have
 * @param maxRefreshMargin a registration is refreshed a fifth of its expiry early, at most this much
 * @param dbRetry       how often the first load is retried while the database is down
 */
public record UacregConfig(boolean enabled, String contactAddr, Duration timeout, Duration retryInterval,
                           Duration retryMax, Duration randomDelay, int maxRate, OptionalInt quorum,
                           Duration maxRefreshMargin, Duration dbRetry) {

    /** The members to see, in a cluster meant to have {@code expectedMembers}: the configured number, else a majority. */
    public int quorumOf(int expectedMembers) {
        return quorum.orElse(Math.max(1, expectedMembers) / 2 + 1);
    }
}
