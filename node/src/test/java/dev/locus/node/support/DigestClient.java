package dev.locus.node.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A UA's side of digest authentication, written apart from the node's own code so tests check it independently. */
public final class DigestClient {

    private static final Pattern PARAM = Pattern.compile("([a-zA-Z-]+)=(\"([^\"]*)\"|[^,\\s]+)");

    private DigestClient() {
    }

    public static Map<String, String> params(String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(challenge.replaceFirst("^\\s*Digest\\s+", ""));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(), m.group(3) != null ? m.group(3) : m.group(2));
        }
        return params;
    }

    public static String hex(String algorithm, String text) {
        try {
            String jca = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Authorization header line answering {@code challenge} for a REGISTER to {@code uri}. */
    public static String authorization(String challenge, String username, String password, String uri, String nc,
                                       String cnonce) {
        Map<String, String> p = params(challenge);
        String algorithm = p.getOrDefault("algorithm", "MD5");
        String ha1 = hex(algorithm, username + ":" + p.get("realm") + ":" + password);
        return authorizationWithHa1(challenge, username, ha1, uri, nc, cnonce);
    }

    public static String authorizationWithHa1(String challenge, String username, String ha1, String uri, String nc,
                                              String cnonce) {
        return credentials("Authorization", "REGISTER", challenge, username, ha1, uri, nc, cnonce);
    }

    /** The Proxy-Authorization header line answering a 407's {@code challenge} for a {@code method} to {@code uri}. */
    public static String proxyAuthorization(String challenge, String method, String username, String password,
                                            String uri, String nc, String cnonce) {
        Map<String, String> p = params(challenge);
        String ha1 = hex(p.getOrDefault("algorithm", "MD5"), username + ":" + p.get("realm") + ":" + password);
        return credentials("Proxy-Authorization", method, challenge, username, ha1, uri, nc, cnonce);
    }

    private static String credentials(String header, String method, String challenge, String username, String ha1,
                                      String uri, String nc, String cnonce) {
        Map<String, String> p = params(challenge);
        String algorithm = p.getOrDefault("algorithm", "MD5");
        String ha2 = hex(algorithm, method + ":" + uri);
        String response = hex(algorithm, ha1 + ":" + p.get("nonce") + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return header + ": Digest username=\"" + username + "\", realm=\"" + p.get("realm") + "\", nonce=\""
                + p.get("nonce") + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=" + algorithm
                + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    }
}
