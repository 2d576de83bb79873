package dev.locus.uacreg;

import java.util.Locale;

/** A trunk's registration state, in the words {@code uac.reg_dump} shows. */
public enum TrunkState {
    /** Loaded here, waiting for reg_delay or its slot. */
    WAITING,
    /** A REGISTER is in flight (before or after a challenge). */
    REGISTERING,
    REGISTERED,
    /** The last attempt failed; the next one is due at next_attempt. */
    FAILED,
    /** Disabled by the row's flags or uac.reg_disable: nothing is sent. */
    DISABLED,
    /** Expires 0 (in the row or after uac.reg_unregister): un-registered and kept so. */
    UNREGISTERED,
    /** uac.reg_active 0: nothing is sent by any trunk. */
    INACTIVE,
    /** The row failed Kamailio's load rules: see last_reason. */
    INVALID,
    /** Owned by no node now: the cluster lacks the configured quorum, or its owner is taking it over. */
    UNOWNED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
