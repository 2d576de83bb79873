package dev.locus.node.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Message {@code index} of seed {@code seed}, from nothing else: each message has a random source of its own, seeded
 * from the pair, so any one message can be made again without the ones before it ({@code Fuzzer --replay}).
 */
final class Generator {

    /** Share of messages per target, in per mille: SIP over UDP and TCP most, both kinds of DMQ sender some. */
    private static final int UDP = 450;
    private static final int TCP = 400;
    private static final int STRANGER = 100;
    /** Fuzz AORs: few enough that the same AORs are hit again and again (updates, max_contacts, wildcards). */
    private static final int AORS = 300;

    /** usrloc bodies' {@code last_modified} (2026-01-01) and {@code expires} (2100-01-01): fixed, so a seed and an
     * index name the same bytes on any day. */
    private static final long LAST_MODIFIED = 1_767_225_600L;
    private static final long EXPIRES = 4_102_444_800L;

    private final long seed;
    private final Addresses addresses;

    /** @param addresses who sends to whom: part of the message (Via, From), so part of what a seed reproduces */
    Generator(long seed, Addresses addresses) {
        this.seed = seed;
        this.addresses = addresses;
    }

    /** The node's sockets and the fuzzer's senders, {@code host:port} each. */
    record Addresses(String sipNode, String dmqNode, String udpSender, String tcpSender, String strangerSender,
                     String peerSender) {
    }

    FuzzCase generate(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Target target = target(r.nextInt(1000));
        List<Corpus.Template> allowed = Corpus.ALL.stream().filter(t -> allowed(target, t.kind())).toList();
        Corpus.Template template = allowed.get(r.nextInt(allowed.size()));
        String text = fill(template.text(), template.kind(), target, index, r);
        List<Mutation> applied = new ArrayList<>();
        int count = mutationCount(r.nextInt(100));
        Mutation[] kinds = Mutation.values();
        for (int i = 0; i < count; i++) {
            Mutation m = kinds[r.nextInt(kinds.length)];
            if (!Mutator.appliesTo(m, text)) {
                m = Mutation.BYTE_FLIP;
            }
            text = Mutator.apply(m, text, r);
            applied.add(m);
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (!target.transport.equals("TCP") && bytes.length > Mutator.MAX_DATAGRAM) {
            bytes = java.util.Arrays.copyOf(bytes, Mutator.MAX_DATAGRAM);
        }
        return new FuzzCase(index, target, template.name(), List.copyOf(applied), bytes);
    }

    private static Target target(int perMille) {
        if (perMille < UDP) {
            return Target.SIP_UDP;
        }
        if (perMille < UDP + TCP) {
            return Target.SIP_TCP;
        }
        return perMille < UDP + TCP + STRANGER ? Target.DMQ_STRANGER : Target.DMQ_PEER;
    }

    /** 2 % go out unmutated, as a control; most get one mutation, some two or three. */
    private static int mutationCount(int percent) {
        if (percent < 2) {
            return 0;
        }
        return percent < 65 ? 1 : percent < 90 ? 2 : 3;
    }

    /**
     * A known peer gets usrloc and htable only: a node list from it would legitimately change the cluster (a line
     * saying this node is disabled makes it leave), which is its right, not a fault.
     */
    private static boolean allowed(Target target, Corpus.Kind kind) {
        return switch (target) {
            case SIP_UDP, SIP_TCP, DMQ_STRANGER -> true;
            case DMQ_PEER -> kind == Corpus.Kind.KDMQ_USRLOC || kind == Corpus.Kind.KDMQ_HTABLE;
        };
    }

    private String fill(String template, Corpus.Kind kind, Target target, long index, SplittableRandom r) {
        String sender = switch (target) {
            case SIP_UDP -> addresses.udpSender();
            case SIP_TCP -> addresses.tcpSender();
            case DMQ_STRANGER -> addresses.strangerSender();
            case DMQ_PEER -> addresses.peerSender();
        };
        String node = target == Target.SIP_UDP || target == Target.SIP_TCP ? addresses.sipNode() : addresses.dmqNode();
        String id = "fz" + index;
        String via = "SIP/2.0/" + target.transport + " " + sender + ";branch=z9hG4bK" + id + ";rport";
        // Calls go to AORs no template registers: the location service answers them (404) and never forwards a
        // fuzzed request to a contact a fuzzed REGISTER made up, which could be any address.
        String pool = target == Target.DMQ_PEER ? "fuzzdmq" : kind == Corpus.Kind.INVITE ? "fuzzcall" : "fuzz";
        String aor = pool + r.nextInt(AORS);
        String text = template.replace("${via}", via).replace("${tr}", target.transport.toLowerCase())
                .replace("${node}", node).replace("${src}", sender).replace("${id}", id).replace("${aor}", aor)
                .replace("${ts}", Long.toString(LAST_MODIFIED)).replace("${exp}", Long.toString(EXPIRES));
        int blank = text.indexOf("\r\n\r\n");
        int length = blank < 0 ? 0 : text.length() - blank - 4;
        return text.replace("${len}", Integer.toString(length));
    }
}
