package dev.locus.uacreg;

import dev.locus.uacreg.TrunkState;

/**
 * A trunk's registration as its owner last published it, readable on every node. Times are epoch seconds, 0 for
 * never.
 *
 * @param owner        the node that registers the trunk, empty when none
 * @param flags        Kamailio's state bits: 1 disabled, 2 in progress, 4 online, 8 credentials sent, 16 initialised
 * @param expires      the Expires asked for now (a 423 raises it; 0 after an un-register)
 * @param timerExpires Kamailio's timer_expires: send time, or send time plus the granted expires when registered
 * @param contact      the Contact URI bound at the carrier now, empty when none: a new owner clears it
 * @param version      when it was published (epoch ms, strictly increasing per node): a write that arrives late,
 *                     retried across a partition migration, never overwrites a newer one
 */
public record TrunkStatus(String lUuid, String owner, TrunkState state, int flags, int expires, long timerExpires,
                          long regInit, int regDelay, int lastCode, String lastReason, int failures, long nextAttempt,
                          String contact, long version) {

    public static final int DISABLED = 1;
    public static final int ONGOING = 2;
    public static final int ONLINE = 4;
    public static final int AUTHSENT = 8;
    public static final int INIT = 16;

    public TrunkStatus withVersion(long v) {
        return new TrunkStatus(lUuid, owner, state, flags, expires, timerExpires, regInit, regDelay, lastCode,
                lastReason, failures, nextAttempt, contact, v);
    }

    public static TrunkStatus unowned(String lUuid, int expires, int regDelay, String contact) {
        return new TrunkStatus(lUuid, "", TrunkState.UNOWNED, 0, expires, 0, 0, regDelay, 0, "", 0, 0, contact, 0);
    }
}
