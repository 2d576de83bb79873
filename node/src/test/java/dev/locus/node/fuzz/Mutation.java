package dev.locus.node.fuzz;

/**
 * What the fuzzer does to a real message. The first ten are the kinds issue 11 names; the rest widen the search
 * (random bytes, line surgery, line endings, SIP's special characters, the start line, a KDMQ's JSON body).
 */
enum Mutation {
    /** Cut anywhere: in the start line, a header, between headers, in the body. */
    TRUNCATE,
    /** One header value, or a new header, blown up to 1 KiB to 60 KiB (characters, parameters, a display name). */
    HUGE_HEADER,
    /** One header line repeated 2 to 1,000 times, To, From, Call-ID, CSeq and Via included. */
    REPEATED_HEADER,
    /** Content-Length negative, past or short of the body, past 2^31 and 2^63, not a number, missing, twice. */
    BAD_CONTENT_LENGTH,
    /** NUL bytes in names, values, the start line or the body. */
    NUL,
    /** Byte sequences that are not UTF-8: overlong forms, lone continuation bytes, surrogates, 0xFE/0xFF. */
    INVALID_UTF8,
    /** A number (CSeq, Expires, Max-Forwards, a port, q, reg-id, a JSON field) past 2^31, 2^32, 2^63, 2^64, or odd. */
    OVERFLOW_NUMBER,
    /** Header values folded onto continuation lines (obsolete but legal line folding), some where folding is not. */
    FOLDED_HEADER,
    /** Header names in compact form, compact names expanded, names in random case, wrong compact letters. */
    COMPACT_HEADER,
    /** The message grown to 16 KiB to 64 KiB (a datagram at the largest UDP payload), by body or by headers. */
    OVERSIZED,
    /** A few bytes replaced by random ones. */
    BYTE_FLIP,
    /** A line deleted, duplicated or moved. */
    LINE_SURGERY,
    /** CRLF as LF, CR or mixed; the blank line after the headers missing or doubled. */
    LINE_ENDINGS,
    /** SIP's separators and escapes where they do not belong: angle brackets, quotes, semicolons, percent escapes. */
    SPECIAL_CHARS,
    /** Method, Request-URI or SIP version rewritten (unknown methods, other schemes, broken IPv6, other versions). */
    START_LINE,
    /** A KDMQ's JSON body broken: deep nesting, wrong types, duplicate keys, escapes, trailing text. */
    JSON_BODY
}
