package dev.locus.node.config;


import java.time.Duration;
import java.util.List;

/**
 * The cluster-wide protection against password guessing and floods ({@code protect.*}).
 *
 * @param enabled            off: nothing counted, nothing banned, the ban table not read
 * @param banTable           the htable holding bans: IP address → 1, expiring when the ban ends
 * @param banSeconds         how long a ban lasts
 * @param forbid             answer a banned source's requests with 403 (after parsing) instead of dropping them
 *                           unread
 * @param authFailuresPerIp  failed digest attempts from one address allowed within the window; one more bans it
 *                           (0: not counted)
 * @param authFailuresPerUser failed attempts for one user allowed within the window, from anywhere; one more bans
 *                           the address making it, never the user (0: not counted)
 * @param authWindow         the counting window of failed attempts (the counters' autoexpire)
 * @param authTable          the htable of the failure counters
 * @param floodLimit         requests from one address allowed per sampling window; one more bans it (0: no limit)
 * @param floodWindow        the sampling window
 * @param floodSources       addresses counted at once at most (bounds the counters' memory under a spoofed flood)
 * @param trusted            never banned (besides the cluster's own members and DMQ nodes)
 */
public record ProtectConfig(boolean enabled, String banTable, int banSeconds, boolean forbid, int authFailuresPerIp,
                            int authFailuresPerUser, Duration authWindow, String authTable, int floodLimit,
                            Duration floodWindow, int floodSources, List<Cidr> trusted) {

    public ProtectConfig {
        trusted = List.copyOf(trusted);
    }

    public boolean countsAuthFailures() {
        return enabled && (authFailuresPerIp > 0 || authFailuresPerUser > 0);
    }
}
