package dev.locus.node.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.ServerResponseInterface;

import javax.sip.PeerUnavailableException;
import java.util.Locale;
import java.util.Properties;

/**
 * The RI's stack, with its transaction lookups kept to the tables' keys for RFC 3261 branches. The RI scans every
 * transaction it holds to match a CANCEL, and again for every response no client transaction's key matches (a
 * 2xx retransmitted after its INVITE transaction ended). A proxy holds tens of thousands of transactions at a
 * few thousand calls per second, so each of those messages cost milliseconds, and more of them came exactly when
 * the node was already behind: overload turned into collapse. With a {@code z9hG4bK} branch the key decides (RFC
 * 3261 §17.1.3, §17.2.3, §9.2): what it does not find does not exist.
 */
public final class KeyedSipStack extends SipStackImpl {

    private static final String RFC_3261_BRANCH = "z9hg4bk";

    public KeyedSipStack(Properties properties) throws PeerUnavailableException {
        super(properties);
    }

    @Override
    public ServerResponseInterface newSIPServerResponse(SIPResponse response, MessageChannel channel) {
        String id = response.getTransactionId();
        if (id != null && id.startsWith(RFC_3261_BRANCH) && clientTransactionTable.get(id) == null
                && sipMessageFactory != null) {
            // No transaction: handed to the listener as a stray response, as the RI does after its scan.
            return sipMessageFactory.newSIPServerResponse(response, channel);
        }
        return super.newSIPServerResponse(response, channel);
    }

    @Override
    public SIPTransaction findCancelTransaction(SIPRequest cancel, boolean isServer) {
        Via via = cancel.getTopmostVia();
        String branch = via == null || via.getBranch() == null ? null : via.getBranch().toLowerCase(Locale.ROOT);
        if (branch == null || !branch.startsWith(RFC_3261_BRANCH)) {
            return super.findCancelTransaction(cancel, isServer);
        }
        // The INVITE a CANCEL cancels is keyed by the branch they share.
        if (isServer) {
            SIPServerTransaction invite = serverTransactionTable.get(branch);
            return invite != null && invite.doesCancelMatchTransaction(cancel) ? invite : null;
        }
        SIPClientTransaction invite = clientTransactionTable.get(branch);
        return invite != null && invite.doesCancelMatchTransaction(cancel) ? invite : null;
    }
}
