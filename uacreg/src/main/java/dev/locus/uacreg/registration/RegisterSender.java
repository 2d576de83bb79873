package dev.locus.uacreg.registration;

import java.util.concurrent.CompletableFuture;

/** Sends a trunk's REGISTER and completes with its final reply; never fails, a lost transaction completes as 408. */
public interface RegisterSender {

    CompletableFuture<RegisterReply> send(OutgoingRegister register);

    /** The trunk is gone from this node: whatever the sender keeps for its Call-ID can go. */
    default void forget(String callId) {
    }
}
