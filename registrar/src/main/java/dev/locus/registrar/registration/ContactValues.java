package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;

import java.util.List;
import java.util.Locale;

/**
 * The Contact values a 200 lists, written as Kamailio's registrar writes them ({@code q}, {@code expires},
 * {@code received}, {@code +sip.instance}, {@code reg-id}, in that order). Here rather than in the reply builder
 * because the rules must know, before anything is applied, whether the list still fits a UDP reply.
 */
public final class ContactValues {

    /** "Contact: " and CRLF around each value. */
    private static final int LINE_OVERHEAD = 11;

    private ContactValues() {
    }

    public static String value(Binding b, long nowSeconds) {
        StringBuilder sb = new StringBuilder(b.contact().length() + 64 + b.received().length());
        sb.append('<').append(b.contact()).append('>');
        if (b.q() != Binding.NO_Q) {
            sb.append(";q=").append(qText(b.q()));
        }
        sb.append(";expires=").append(b.isPermanent() ? 0xFFFFFFFFL : b.remainingSeconds(nowSeconds));
        if (!b.received().isEmpty()) {
            sb.append(";received=\"").append(b.received()).append('"');
        }
        if (!b.instance().isEmpty()) {
            sb.append(";+sip.instance=\"").append(b.instance()).append('"');
        }
        if (b.regId() != 0) {
            sb.append(";reg-id=").append(b.regId());
        }
        return sb.toString();
    }

    /** Bytes the Contact lines of these bindings take in a reply. */
    public static long listedBytes(List<Binding> bindings, long nowSeconds) {
        long total = 0;
        for (Binding b : bindings) {
            total += LINE_OVERHEAD + value(b, nowSeconds).length();
        }
        return total;
    }

    public static String qText(int millis) {
        if (millis % 1000 == 0) {
            return Integer.toString(millis / 1000);
        }
        String fraction = String.format(Locale.ROOT, "%03d", millis % 1000).replaceAll("0+$", "");
        return (millis / 1000) + "." + fraction;
    }
}
