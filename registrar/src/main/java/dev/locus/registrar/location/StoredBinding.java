package dev.locus.registrar.location;

import dev.locus.registrar.Binding;

import java.nio.charset.StandardCharsets;

/**
 * A {@link Binding} as the location map holds it: its three strings of its own (ruid, contact, Call-ID) in one
 * UTF-8 array, the AOR left to the value that holds it, the strings many bindings share interned. A million
 * bindings are the node's memory: this saves three String objects and two array headers per
 * binding (about 110 of 600 bytes), for a decoding when a binding is read.
 */
final class StoredBinding {

    private final byte[] text; // ruid, contact, Call-ID, each after its length (2 bytes)
    private final String received;
    private final String path;
    private final String userAgent;
    private final String socket;
    private final String instance;
    private final long cseq;
    private final long expires;
    private final long methods;
    private final long lastModified;
    private final int q;
    private final int flags;
    private final int cflags;
    private final int regId;

    private StoredBinding(Binding b) {
        this.text = join(b.ruid(), b.contact(), b.callId());
        // Shared by many bindings (one socket, a few phone models, mostly empty): one copy per node instead of one
        // per binding, about 120 bytes of each. Only what is stored is interned, not every binding in transit;
        // interned strings are collected once unused.
        this.received = b.received().intern();
        this.path = b.path().intern();
        this.userAgent = b.userAgent().intern();
        this.socket = b.socket().intern();
        this.instance = b.instance().intern();
        this.cseq = b.cseq();
        this.expires = b.expires();
        this.methods = b.methods();
        this.lastModified = b.lastModified();
        this.q = b.q();
        this.flags = b.flags();
        this.cflags = b.cflags();
        this.regId = b.regId();
    }

    static StoredBinding of(Binding binding) {
        return new StoredBinding(binding);
    }

    boolean isExpiredAt(long nowSeconds) {
        return expires != Binding.PERMANENT && expires <= nowSeconds;
    }

    /** The binding again, with {@code aor} (the holding value's, so that all of them share one string). */
    Binding toBinding(String aor) {
        String[] parts = split(text);
        return new Binding(aor, parts[0], parts[1], received, path, parts[2], cseq, expires, q, flags, cflags,
                userAgent, socket, methods, instance, regId, lastModified);
    }

    private static byte[] join(String... parts) {
        byte[][] encoded = new byte[parts.length][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            if (encoded[i].length > 0xFFFF) {
                // A SIP message is at most sip.max_message_size (64 KiB at the very most): never reached.
                throw new IllegalArgumentException("binding field over 65535 bytes");
            }
            size += 2 + encoded[i].length;
        }
        byte[] joined = new byte[size];
        int at = 0;
        for (byte[] part : encoded) {
            joined[at++] = (byte) (part.length >>> 8);
            joined[at++] = (byte) part.length;
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    private static String[] split(byte[] joined) {
        String[] parts = new String[3];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            int length = ((joined[at] & 0xFF) << 8) | (joined[at + 1] & 0xFF);
            at += 2;
            parts[i] = new String(joined, at, length, StandardCharsets.UTF_8);
            at += length;
        }
        return parts;
    }
}
