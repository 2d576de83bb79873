package dev.locus.registrar;

import java.time.Duration;

/**
 * The location service's settings.
 *
 * @param frTimer    how long a branch may stay without any answer before it counts as 408 (Kamailio's
 *                   {@code fr_timer})
 * @param frInvTimer how long an INVITE branch may ring (after a provisional answer) before it is cancelled and
 *                   counts as 408 (Kamailio's {@code fr_inv_timer})
 * @param outbound   where requests for domains this node does not serve go ({@code sip:host:port}); empty means
 *                   they are refused with 403, so the node is never an open relay
 */
public record ProxyConfig(Duration frTimer, Duration frInvTimer, String outbound) {

    public static final ProxyConfig DEFAULTS = new ProxyConfig(Duration.ofSeconds(30), Duration.ofSeconds(120), "");

    public ProxyConfig {
        if (frTimer.isNegative() || frTimer.isZero()) {
            throw new IllegalArgumentException("proxy.fr_timer must be positive");
        }
        if (frInvTimer.compareTo(frTimer) < 0) {
            throw new IllegalArgumentException("proxy.fr_inv_timer must not be below proxy.fr_timer");
        }
        if (!outbound.isEmpty() && !outbound.regionMatches(true, 0, "sip:", 0, 4)) {
            throw new IllegalArgumentException("proxy.outbound must be a sip: URI (sip:host[:port][;transport=tcp]): "
                    + outbound);
        }
    }
}
