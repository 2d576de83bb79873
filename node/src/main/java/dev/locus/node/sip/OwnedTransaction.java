package dev.locus.node.sip;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import java.util.Optional;

/**
 * The application data of a client transaction whose sender handles its own responses and timeouts: the dispatcher
 * hands them over before anything else looks at them, so a sender needs no entry of its own in the dispatcher.
 */
public interface OwnedTransaction {

    void onResponse(ResponseEvent event);

    void onTimeout(TimeoutEvent event);

    /** The owner of the event's client transaction, when it has one. */
    static Optional<OwnedTransaction> of(ClientTransaction transaction) {
        return transaction != null && transaction.getApplicationData() instanceof OwnedTransaction owned
                ? Optional.of(owned) : Optional.empty();
    }
}
