package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkState;

/**
 * Where a trunk is in its REGISTER cycle, and so what can happen to it next: only an idle trunk has a timer, only
 * a trunk with a REGISTER in flight waits for a reply or a pacer slot, a stopping trunk publishes nothing, and a
 * stopped one does nothing at all.
 */
sealed interface Phase {

    /** The word {@code uac.reg_dump} shows for the trunk. */
    TrunkState shown();

    /**
     * Nothing in flight. {@code shown} says what happened last: waiting for the first attempt, registered and
     * waiting for the refresh, failed and waiting for the retry, or disabled, unregistered, inactive and waiting
     * for nothing. A changed row or {@code uac.reg_register} only brings the timer forward: {@code uac.reg_dump}
     * goes on showing the last word until the attempt begins.
     *
     * @param nextAttempt as published, epoch seconds; 0 when none was set. A timer that comes due while the trunk
     *                    may not send leaves it, as Kamailio leaves its next_attempt.
     * @param timer       begins the next attempt; {@link TrunkExecutor.Scheduled#NONE} when nothing will
     */
    record Idle(TrunkState shown, long nextAttempt, TrunkExecutor.Scheduled timer) implements Phase {

        Idle showing(TrunkState word) {
            return new Idle(word, nextAttempt, timer);
        }
    }

    /** A REGISTER is in flight, or waits for its pacer slot. */
    sealed interface InFlight extends Phase {

        Attempt attempt();

        /** The same phase, at the attempt's next REGISTER. */
        InFlight at(Attempt next);
    }

    /**
     * Registering. {@code shown} is "registering", but a REGISTER in flight is seen through whatever happens
     * meanwhile: {@code uac.reg_register} while {@code reg_active} is off shows "inactive", {@code reg_active}
     * back on then shows "waiting", and the reply decides what comes next.
     */
    record Sending(Attempt attempt, TrunkState shown) implements InFlight {

        @Override
        public InFlight at(Attempt next) {
            return new Sending(next, shown);
        }

        Sending showing(TrunkState word) {
            return new Sending(attempt, word);
        }
    }

    /**
     * Stopped while an attempt was in flight and our contact may not stay at the carrier: whether the attempt
     * bound it decides whether an un-REGISTER follows.
     */
    record Releasing(Attempt attempt, TrunkState shown, Runnable whenStopped) implements InFlight {

        @Override
        public InFlight at(Attempt next) {
            return new Releasing(next, shown, whenStopped);
        }
    }

    /** Stopping: the reply to this last REGISTER, normally an un-REGISTER, ends the trunk here. */
    record Leaving(Attempt attempt, Runnable whenStopped) implements InFlight {

        @Override
        public TrunkState shown() {
            return TrunkState.REGISTERING;
        }

        @Override
        public InFlight at(Attempt next) {
            return new Leaving(next, whenStopped);
        }
    }

    /** Gone from this node: late replies, pacer slots and timers find nothing to act on. */
    record Stopped(TrunkState shown) implements Phase {
    }

    /**
     * One REGISTER of an attempt, and how far the attempt's challenge got. Compared by identity: every REGISTER
     * gets its own, so a reply or a pacer slot meant for one the trunk has moved on from is recognised and dropped.
     */
    final class Attempt {

        private enum Challenge { UNCHALLENGED, CREDENTIALS_SENT, STALE_RETRIED }

        private final Challenge challenge;

        private Attempt(Challenge challenge) {
            this.challenge = challenge;
        }

        static Attempt unchallenged() {
            return new Attempt(Challenge.UNCHALLENGED);
        }

        /** After credentials were sent: answering a stale nonce is allowed once per attempt. */
        Attempt answered(boolean staleRetry) {
            return new Attempt(staleRetry || challenge == Challenge.STALE_RETRIED ? Challenge.STALE_RETRIED
                    : Challenge.CREDENTIALS_SENT);
        }

        boolean credentialsSent() {
            return challenge != Challenge.UNCHALLENGED;
        }

        boolean staleRetried() {
            return challenge == Challenge.STALE_RETRIED;
        }
    }
}
