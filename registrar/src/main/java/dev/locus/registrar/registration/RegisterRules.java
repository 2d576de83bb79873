package dev.locus.registrar.registration;

import dev.locus.registrar.location.AddressOfRecord;
import dev.locus.registrar.location.SipUri;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.Binding;
import dev.locus.registrar.registration.Validation.Accepted;
import dev.locus.registrar.registration.Validation.Rejected;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * RFC 3261 §10.3 steps that need no stored state, in the RFC's order: domain (1), Require (2), To (5), Contact
 * and expiry (6). What needs the stored bindings (step 7, Call-ID/CSeq and limits) is {@link RegisterChange}.
 */
public final class RegisterRules {

    /** RFC 3261 §20.19: an expiry above 2^32-1 seconds is taken as 2^32-1. */
    private static final long MAX_DELTA_SECONDS = 0xFFFFFFFFL;
    private static final String PATH = "path";

    private final RegistrarConfig config;
    private final Supplier<String> ruids;

    public RegisterRules(RegistrarConfig config, Supplier<String> ruids) {
        this.config = config;
        this.ruids = ruids;
    }

    public Validation validate(RegisterMessage m, long nowSeconds) {
        if (!config.serves(m.requestUriHost())) {
            return Rejected.of(RegistrationError.DOMAIN_NOT_SERVED);
        }
        List<String> unsupported = m.require().stream()
                .filter(option -> !option.equalsIgnoreCase(PATH))
                .toList();
        if (!unsupported.isEmpty()) {
            return new Rejected(RegistrationError.BAD_EXTENSION, unsupported);
        }
        String scheme = m.toScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Rejected.of(RegistrationError.TO_NOT_SIP);
        }
        if (m.toUser().isEmpty()) {
            return Rejected.of(RegistrationError.TO_WITHOUT_USER);
        }
        String aor = AddressOfRecord.key(m.toUser(), m.toHost(), config.useDomain());
        boolean echoPath = !m.path().isEmpty() && m.supported().stream().anyMatch(PATH::equalsIgnoreCase);

        if (m.wildcard()) {
            if (!m.contacts().isEmpty()) {
                return Rejected.of(RegistrationError.WILDCARD_NOT_ALONE);
            }
            if (m.expiresHeader().isEmpty() || m.expiresHeader().getAsLong() != 0) {
                return Rejected.of(RegistrationError.WILDCARD_WITHOUT_ZERO_EXPIRES);
            }
            return new Accepted(new RegisterRequest(aor, m.callId(), m.cseq(), true, List.of(), m.path(), echoPath));
        }

        String path = String.join(",", m.path());
        List<Binding> candidates = new ArrayList<>(m.contacts().size());
        for (ContactField contact : m.contacts()) {
            if (!hasScheme(contact.uri())
                    || (isSip(contact.uri()) && SipUri.parse(contact.uri()).isEmpty())) {
                return Rejected.of(RegistrationError.BAD_CONTACT_URI);
            }
            long expires;
            if (contact.expires().isPresent()) {
                Optional<Long> parsed = deltaSeconds(contact.expires().get());
                if (parsed.isEmpty()) {
                    return Rejected.of(RegistrationError.BAD_EXPIRES_PARAM);
                }
                expires = parsed.get();
            } else {
                expires = m.expiresHeader().orElse(config.defaultExpires());
            }
            if (expires != 0 && expires < config.minExpires()) {
                return Rejected.of(RegistrationError.INTERVAL_TOO_BRIEF);
            }
            if (config.maxExpires() > 0 && expires > config.maxExpires()) {
                expires = config.maxExpires();
            }
            int q = Binding.NO_Q;
            if (contact.q().isPresent()) {
                Optional<Integer> parsed = qMillis(contact.q().get());
                if (parsed.isEmpty()) {
                    return Rejected.of(RegistrationError.BAD_Q);
                }
                q = parsed.get();
            }
            int regId = 0;
            if (contact.regId().isPresent()) {
                Optional<Long> parsed = deltaSeconds(contact.regId().get());
                if (parsed.isEmpty() || parsed.get() > Integer.MAX_VALUE) {
                    return Rejected.of(RegistrationError.BAD_REG_ID);
                }
                regId = parsed.get().intValue();
            }
            // A de-registration is a binding that expires at this very instant.
            long absolute = expires == 0 ? nowSeconds : nowSeconds + expires;
            Binding candidate = new Binding(aor, ruids.get(), contact.uri(), m.received(), path, m.callId(),
                    m.cseq(), absolute, q, 0, 0, m.userAgent(), m.socket(), m.methods(), contact.instance(), regId,
                    nowSeconds);
            // The same contact twice in one request: the later one wins, as if sent in order.
            candidates.removeIf(earlier -> RegisterChange.sameBinding(earlier, candidate));
            candidates.add(candidate);
        }
        return new Accepted(new RegisterRequest(aor, m.callId(), m.cseq(), false, candidates, m.path(), echoPath));
    }

    private static boolean hasScheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || colon == uri.length() - 1) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = uri.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return Character.isLetter(uri.charAt(0));
    }

    private static boolean isSip(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("sip:") || lower.startsWith("sips:");
    }

    /** delta-seconds: digits only; values past 2^32-1 are taken as 2^32-1. */
    static Optional<Long> deltaSeconds(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        String digits = t.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) {
            return Optional.of(MAX_DELTA_SECONDS);
        }
        return Optional.of(Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS));
    }

    /** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), as thousandths. */
    static Optional<Integer> qMillis(String text) {
        String t = text.trim();
        if (!t.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return Optional.empty();
        }
        int dot = t.indexOf('.');
        int whole = t.charAt(0) - '0';
        String fraction = dot < 0 ? "" : t.substring(dot + 1);
        fraction = (fraction + "000").substring(0, 3);
        return Optional.of(whole * 1000 + Integer.parseInt(fraction));
    }
}
