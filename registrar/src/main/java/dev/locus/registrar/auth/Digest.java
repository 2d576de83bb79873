package dev.locus.registrar.auth;

import dev.locus.registrar.DigestAlgorithm;
/** The digest computations of RFC 2617 / RFC 7616 for qop=auth (no -sess variants). */
public final class Digest {

    private Digest() {
    }

    public static String ha1(DigestAlgorithm algorithm, String username, String realm, String password) {
        return algorithm.hex(username + ":" + realm + ":" + password);
    }

    public static String response(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
                                  String qop, String method, String uri) {
        String ha2 = algorithm.hex(method + ":" + uri);
        return algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
