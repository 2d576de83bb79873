package dev.locus.registrar.registration;

import dev.locus.registrar.location.AddressOfRecord;
import dev.locus.registrar.location.SipUri;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.RuntimeSettings;
import dev.locus.registrar.Binding;
import dev.locus.registrar.registration.Validation.Accepted;
import dev.locus.registrar.registration.Validation.Rejected;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * RFC 3261 §10.3 steps that need no stored state, in the RFC's order: domain (1), Require (2), To (5), Contact
 * and expiry (6). What needs the stored bindings (step 7, Call-ID/CSeq and limits) is {@link RegisterChange}.
 */
public final class RegisterRules {

    /** delta-seconds fit 32 bits (RFC 3261 §25.1 uses them for 2^32-1 at most); past that Kamailio's str2int fails. */
    private static final long MAX_DELTA_SECONDS = 0xFFFFFFFFL;
    /** What Kamailio's usrloc stores for a REGISTER without User-Agent. */
    static final String NO_USER_AGENT = "n/a";
    private static final String PATH = "path";

    private final RegistrarConfig config;
    private final Supplier<String> ruids;

    public RegisterRules(RegistrarConfig config, Supplier<String> ruids) {
        this.config = config;
        this.ruids = ruids;
    }

    /**
     * The checks that precede authentication (RFC 3261 §10.3 steps 1 and 2, and a To no credentials could match):
     * cheap, and none of them reads a Contact, so an unauthenticated request costs no more than its headers.
     */
    public Optional<Rejected> beforeAuthentication(RegisterMessage m) {
        if (!m.version().equalsIgnoreCase("SIP/2.0")) {
            return Optional.of(Rejected.of(RegistrationError.BAD_VERSION));
        }
        if (m.unreadable().contains("To")) {
            return Optional.of(Rejected.of(RegistrationError.BAD_TO_HEADER));
        }
        if (!config.serves(m.requestUriHost())) {
            return Optional.of(Rejected.of(RegistrationError.DOMAIN_NOT_SERVED));
        }
        List<String> unsupported = m.require().stream()
                .filter(option -> !option.equalsIgnoreCase(PATH))
                .toList();
        if (!unsupported.isEmpty()) {
            return Optional.of(new Rejected(RegistrationError.BAD_EXTENSION, unsupported));
        }
        String scheme = m.toScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.of(Rejected.of(RegistrationError.TO_NOT_SIP));
        }
        if (m.toUser().isEmpty()) {
            return Optional.of(Rejected.of(RegistrationError.TO_WITHOUT_USER));
        }
        if (unescape(m.toUser()).isEmpty()) {
            return Optional.of(Rejected.of(RegistrationError.BAD_TO_ESCAPE));
        }
        return Optional.empty();
    }

    /** With the settings of the configuration (tests, and anything that changes none at run time). */
    public Validation validate(RegisterMessage m, long nowSeconds) {
        return validate(m, nowSeconds, RuntimeSettings.of(config));
    }

    /** @param settings the expiry settings in effect, read once for the whole request */
    public Validation validate(RegisterMessage m, long nowSeconds, RuntimeSettings settings) {
        Optional<Rejected> early = beforeAuthentication(m);
        if (early.isPresent()) {
            return early.get();
        }
        // Kamailio un-escapes the user before keying it (%20 is a space): the same user must get the same key.
        Optional<String> user = unescape(m.toUser());
        String aor = AddressOfRecord.key(user.get(), m.toHost(), config.useDomain());
        // A Contact or Expires the stack could not read would otherwise look absent: a query answered 200.
        if (m.unreadable().contains("Contact")) {
            return Rejected.of(RegistrationError.BAD_CONTACT_HEADER);
        }
        if (m.unreadable().contains("Expires")) {
            return Rejected.of(RegistrationError.BAD_EXPIRES_HEADER);
        }
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
        BindingIndex candidates = new BindingIndex(List.of());
        for (ContactField contact : m.contacts()) {
            if (!hasScheme(contact.uri())
                    || (isSip(contact.uri()) && SipUri.parse(contact.uri()).isEmpty())) {
                return Rejected.of(RegistrationError.BAD_CONTACT_URI);
            }
            // One rule for the parameter and the header, Kamailio's and RFC 3261 §20.10/§20.19's: a malformed value
            // (not digits, negative, past 2^32-1) means the default; an empty parameter is no parameter.
            long expires;
            if (contact.expires().isPresent() && !contact.expires().get().isBlank()) {
                expires = deltaSeconds(contact.expires().get()).orElse(settings.defaultExpires());
            } else {
                expires = m.expiresHeader().orElse(settings.defaultExpires());
            }
            if (expires != 0 && expires < settings.minExpires()) {
                return Rejected.of(RegistrationError.INTERVAL_TOO_BRIEF);
            }
            if (settings.maxExpires() > 0 && expires > settings.maxExpires()) {
                expires = settings.maxExpires();
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
            // reg-id means something only with +sip.instance (RFC 5626 §4.2); alone it is ignored, as by Kamailio.
            if (contact.regId().isPresent() && !contact.instance().isEmpty()) {
                Optional<Long> parsed = deltaSeconds(contact.regId().get());
                if (parsed.isEmpty() || parsed.get() > Integer.MAX_VALUE) {
                    return Rejected.of(RegistrationError.BAD_REG_ID);
                }
                regId = parsed.get().intValue();
            }
            // A de-registration is a binding that expires at this very instant.
            long absolute = expires == 0 ? nowSeconds : nowSeconds + expires;
            Binding candidate = new Binding(aor, ruids.get(), contact.uri(), m.received(), path, m.callId(),
                    m.cseq(), absolute, q, 0, 0, m.userAgent().isEmpty() ? NO_USER_AGENT : m.userAgent(), m.socket(), m.methods(), contact.instance(), regId,
                    nowSeconds);
            // The same contact twice in one request: the later one wins, as if sent in order.
            for (int earlier = candidates.find(candidate); earlier >= 0; earlier = candidates.find(candidate)) {
                candidates.remove(earlier);
            }
            candidates.add(candidate);
        }
        return new Accepted(new RegisterRequest(aor, m.callId(), m.cseq(), false, candidates.bindings(), m.path(),
                echoPath));
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

    /**
     * The user part with its %XX escapes decoded, as Kamailio's {@code un_escape()}: a broken escape or an escaped
     * NUL is refused.
     */
    static Optional<String> unescape(String user) {
        if (user.indexOf('%') < 0) {
            return Optional.of(user);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(user.length());
        byte[] raw = user.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                return Optional.empty();
            }
            int hi = Character.digit(raw[i + 1], 16);
            int lo = Character.digit(raw[i + 2], 16);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                return Optional.empty();
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    /** delta-seconds: digits only, at most 2^32-1; anything else is malformed (empty). */
    public static Optional<Long> deltaSeconds(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        int first = 0;
        while (first < t.length() - 1 && t.charAt(first) == '0') {
            first++;
        }
        String digits = t.substring(first);
        if (digits.length() > 10 || Long.parseLong(digits) > MAX_DELTA_SECONDS) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
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
