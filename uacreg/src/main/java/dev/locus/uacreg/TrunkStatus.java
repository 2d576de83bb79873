package dev.locus.uacreg;

import dev.locus.uacreg.TrunkState;

/**
 * A trunk's registration as its owner last published it, readable on every node. Times are epoch seconds, 0 for
 * never.
 *
 * @param owner        the node that registers the trunk, empty when none
 * @param activity     what the trunk is doing besides its state
 * @param expires      the Expires asked for now (a 423 raises it; 0 after an un-register)
 * @param timerExpires Kamailio's timer_expires: send time, or send time plus the granted expires when registered
 * @param contact      the Contact URI bound at the carrier now, empty when none: a new owner clears it
 * @param version      when it was published (epoch ms, strictly increasing per node): a write that arrives late,
 *                     retried across a partition migration, never overwrites a newer one
 */
public record TrunkStatus(String lUuid, String owner, TrunkState state, Activity activity, int expires,
                          long timerExpires, long regInit, int regDelay, int lastCode, String lastReason, int failures,
                          long nextAttempt, String contact, long version) {

    /**
     * @param disabled        the row is disabled (its flags, or {@code uac.reg_disable})
     * @param sending         a REGISTER is in flight
     * @param credentialsSent ... and it carries credentials (the carrier challenged it)
     * @param bound           the carrier holds our contact now
     * @param started         the first attempt has begun on this owner
     */
    public record Activity(boolean disabled, boolean sending, boolean credentialsSent, boolean bound,
                           boolean started) {

        public static final Activity NONE = new Activity(false, false, false, false, false);
    }

    public TrunkStatus withVersion(long v) {
        return new TrunkStatus(lUuid, owner, state, activity, expires, timerExpires, regInit, regDelay, lastCode,
                lastReason, failures, nextAttempt, contact, v);
    }

    public static TrunkStatus unowned(String lUuid, int expires, int regDelay, String contact) {
        return new TrunkStatus(lUuid, "", TrunkState.UNOWNED, Activity.NONE, expires, 0, 0, regDelay, 0, "", 0, 0,
                contact, 0);
    }
}
