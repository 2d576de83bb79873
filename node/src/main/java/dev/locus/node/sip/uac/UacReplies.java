package dev.locus.node.sip.uac;

import gov.nist.javax.sip.header.SIPHeader;

import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;

/** Reads a received final reply into a {@link UacReply}. */
final class UacReplies {

    private UacReplies() {
    }

    static UacReply of(Response response) {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        Optional<String> target = contact == null || contact.getAddress() == null ? Optional.empty()
                : Optional.of(contact.getAddress().getURI().toString());
        List<UacReply.RecordRoute> routes = new ArrayList<>();
        ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME);
        while (it.hasNext()) {
            RecordRouteHeader rr = (RecordRouteHeader) it.next();
            String text = rr instanceof SIPHeader sip ? sip.getHeaderValue().strip() : rr.toString();
            boolean loose = rr.getAddress().getURI() instanceof SipURI sip && sip.hasLrParam();
            routes.add(new UacReply.RecordRoute(text, rr.getAddress().getURI().toString(), loose));
        }
        String whole = response.toString();
        int firstLineEnd = whole.indexOf("\r\n");
        String message = firstLineEnd < 0 ? "" : whole.substring(firstLineEnd + 2);
        return new UacReply(response.getStatusCode(), response.getReasonPhrase(), false, target, routes, message);
    }
}
