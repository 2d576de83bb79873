package dev.locus.registrar.auth;

/**
 * What the cluster has seen of one nonce, as stored in the shared map: the highest nonce count accepted, a digest
 * of the request that used it, and how many wrong responses were computed on it.
 */
record NonceRecord(long nc, String request, int failures) {

    static final NonceRecord NONE = new NonceRecord(0, "", 0);

    static NonceRecord parse(String s) {
        if (s == null) {
            return NONE;
        }
        String[] p = s.split("\\|", 3);
        return new NonceRecord(Long.parseLong(p[0]), p[1], Integer.parseInt(p[2]));
    }

    String format() {
        return nc + "|" + request + "|" + failures;
    }
}
