package dev.locus.registrar.sip;

import dev.locus.registrar.registration.ContactField;
import dev.locus.registrar.NatTest;
import dev.locus.registrar.location.SipUri;
import dev.locus.registrar.registration.RegisterMessage;
import dev.locus.registrar.registration.RegisterRules;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AllowHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a JAIN-SIP REGISTER into a {@link RegisterMessage}; judges nothing, except whether the request looks
 * NATed, which decides whether its source is kept as {@code received}.
 */
public final class RegisterReader {

    private final NatTest natTest;

    public RegisterReader(NatTest natTest) {
        this.natTest = natTest;
    }

    /** How many contacts the request carries (a {@code *} counts as one), without reading any of them. */
    public static int contactCount(Request request) {
        int count = 0;
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); it.next()) {
            count++;
        }
        return count;
    }

    public RegisterMessage read(Request request) {
        URI requestUri = request.getRequestURI();
        String requestUriHost = requestUri instanceof SipURI sip ? sip.getHost() : "";
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        URI toUri = to.getAddress().getURI();
        String toUser = "";
        String toHost = "";
        if (toUri instanceof SipURI sip) {
            toUser = sip.getUser() == null ? "" : sip.getUser();
            toHost = sip.getHost();
        }

        List<ContactField> contacts = new ArrayList<>();
        boolean wildcard = false;
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader contact = (ContactHeader) it.next();
            if (contact.isWildCard()) {
                wildcard = true;
                continue;
            }
            contacts.add(new ContactField(contact.getAddress().getURI().toString(),
                    Optional.ofNullable(contact.getParameter("expires")),
                    Optional.ofNullable(contact.getParameter("q")),
                    unquote(contact.getParameter("+sip.instance")),
                    Optional.ofNullable(contact.getParameter("reg-id"))));
        }

        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        OptionalLong expiresHeader = expires == null ? OptionalLong.empty() : OptionalLong.of(expires.getExpires());
        // The stack keeps a header it cannot parse as an unparsed line and otherwise acts as if it were absent:
        // a broken Contact would make a query of the REGISTER, an Expires the RI's int cannot hold the default.
        List<String> unreadable = new ArrayList<>();
        for (ListIterator<String> it = ((SIPMessage) request).getUnrecognizedHeaders(); it.hasNext(); ) {
            String line = it.next();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase(ContactHeader.NAME) || name.equalsIgnoreCase("m")) {
                unreadable.add(ContactHeader.NAME);
            } else if (name.equalsIgnoreCase(ExpiresHeader.NAME)) {
                if (value.isEmpty()) {
                    unreadable.add(ExpiresHeader.NAME);
                } else {
                    expiresHeader = RegisterRules.deltaSeconds(value).map(OptionalLong::of).orElse(OptionalLong.empty());
                }
            }
        }

        // An empty Require, Supported or Allow header parses to a null tag or method: it names nothing.
        List<String> require = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !tag.isBlank()) {
                require.add(tag.trim());
            }
        }
        Set<String> supported = new HashSet<>();
        for (ListIterator<?> it = request.getHeaders(SupportedHeader.NAME); it.hasNext(); ) {
            String tag = ((SupportedHeader) it.next()).getOptionTag();
            if (tag != null) {
                supported.add(tag.trim().toLowerCase(Locale.ROOT));
            }
        }
        List<String> path = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders("Path"); it.hasNext(); ) {
            path.add(headerValue((Header) it.next()));
        }
        List<String> allowed = new ArrayList<>();
        boolean anyAllow = false;
        for (ListIterator<?> it = request.getHeaders(AllowHeader.NAME); it.hasNext(); ) {
            anyAllow = true;
            String method = ((AllowHeader) it.next()).getMethod();
            if (method != null) {
                allowed.add(method);
            }
        }
        // Read as text, not cast: a header the stack kept as an extension (its own loopback) is still a User-Agent.
        Header userAgent = request.getHeader(UserAgentHeader.NAME);

        MessageChannel channel = (MessageChannel) ((SIPRequest) request).getMessageChannel();
        String transport = channel.getTransport().toLowerCase(Locale.ROOT);
        // The stack's loopback to itself (a node registering its own trunk) carries no packet source.
        boolean fromPacket = channel.getPeerPacketSourceAddress() != null;
        String source = fromPacket ? channel.getPeerPacketSourceAddress().getHostAddress() : channel.getPeerAddress();
        int sourcePort = fromPacket ? channel.getPeerPacketSourcePort() : channel.getPeerPort();
        String received = looksNated(request, contacts, source, sourcePort)
                ? "sip:" + hostForUri(source) + ":" + sourcePort + (transport.equals("udp") ? "" : ";transport=" + transport)
                : "";
        String socket = transport + ":" + hostForUri(channel.getHost()) + ":" + channel.getPort();

        return new RegisterMessage(requestUriHost, toUri.getScheme(), toUser, toHost, contacts, wildcard,
                expiresHeader, ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(), require, supported, path,
                userAgent == null ? "" : headerValue(userAgent), MethodMask.of(allowed, anyAllow), received, socket,
                unreadable, ((SIPRequest) request).getRequestLine().getSipVersion());
    }

    private boolean looksNated(Request request, List<ContactField> contacts, String source, int sourcePort) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        List<String> contactHosts = new ArrayList<>();
        for (ContactField contact : contacts) {
            SipUri.parse(contact.uri()).ifPresent(uri -> contactHosts.add(uri.host()));
        }
        return natTest.looksNated(contactHosts, via == null ? "" : via.getHost(), via == null ? -1 : via.getPort(),
                source, sourcePort);
    }

    static String hostForUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String headerValue(Header header) {
        return header instanceof SIPHeader sip ? sip.getHeaderValue().trim() : header.toString().trim();
    }

    private static String unquote(String value) {
        if (value == null) {
            return "";
        }
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
