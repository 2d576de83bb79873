package dev.locus.uacreg.registration;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A carrier's digest challenge ({@code WWW-Authenticate} or {@code Proxy-Authenticate}).
 *
 * @param qop       the qop options as sent (e.g. {@code auth,auth-int}); empty when none
 * @param algorithm empty when not given (MD5)
 */
public record Challenge(String realm, String nonce, String opaque, String qop, String algorithm, boolean stale) {

    private static final Pattern PARAM = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]+)");

    /** Empty for anything but a Digest challenge with realm and nonce (Kamailio fails such a row too). */
    public static Optional<Challenge> parse(String header) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "Digest", 0, 6)) {
            return Optional.empty();
        }
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(h.substring(6));
        while (m.find()) {
            p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
        }
        if (!p.containsKey("realm") || !p.containsKey("nonce")) {
            return Optional.empty();
        }
        return Optional.of(new Challenge(p.get("realm"), p.get("nonce"), p.getOrDefault("opaque", ""),
                p.getOrDefault("qop", ""), p.getOrDefault("algorithm", ""),
                "true".equalsIgnoreCase(p.getOrDefault("stale", ""))));
    }

    public boolean offersAuthQop() {
        for (String option : qop.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return true;
            }
        }
        return false;
    }
}
