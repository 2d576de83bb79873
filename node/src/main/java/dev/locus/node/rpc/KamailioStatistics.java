package dev.locus.node.rpc;

import dev.locus.dmq.Dmq;
import dev.locus.node.protect.ProtectFigures;
import dev.locus.registrar.LocationStats;
import dev.locus.registrar.Registrar;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.StatelessReplyKind;
import dev.locus.registrar.TransactionFigures;
import dev.locus.registrar.HtableReplication;
import dev.locus.registrar.UsrlocReplication;
import dev.locus.uacreg.TrunkTable;
import dev.locus.uacreg.Uacreg;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The modules' figures under Kamailio's statistic names ({@code registrar:accepted_regs}, ...), each entered in the
 * {@link StatisticBook} with the Micrometer meter that counts it: the only place those names live. Where Kamailio
 * spreads one figure over names ({@code sl:404_replies}), the meter has a label instead ({@code code="404"}).
 */
public final class KamailioStatistics {

    /** A stats call asks for several figures at once; one reading of a module serves them all. */
    private static final Duration FRESH = Duration.ofSeconds(1);
    private static final Tags NONE = Tags.empty();

    private KamailioStatistics() {
    }

    /** What SipCounters and SipServer registered, by name: the node's SIP package is not the RPC's to import. */
    public record SipMeters(String requests, String replies, String replyCodes, List<String> requestMethods,
                            Map<String, String> replyMethods, List<String> replyCodeLabels, String udpDropped) {
    }

    /**
     * core: as Kamailio 5.6 counts received requests and replies (from the SIP meters, which label by method and
     * class), forwarded ones (the proxy's relayed branches and replies); drop/err/bad_* are 0: Locus has no script
     * to drop with, and its stack refuses malformed messages before anything counts them. Then Locus's own UDP drops
     * and cluster size.
     */
    public static void core(StatisticBook book, SipMeters sip, IntSupplier clusterMembers) {
        MeterRegistry meters = book.meters();
        book.of("core", "rcv_requests", true, List.copyOf(meters.get(sip.requests()).counters()));
        for (String method : sip.requestMethods()) {
            book.of("core", "rcv_requests_" + method.toLowerCase(Locale.ROOT), true,
                    List.of(meters.get(sip.requests()).tag("method", method).counter()));
        }
        book.of("core", "unsupported_methods", true,
                List.of(meters.get(sip.requests()).tag("method", "other").counter()));
        book.of("core", "rcv_replies", true, List.copyOf(meters.get(sip.replies()).counters()));
        for (int cls = 1; cls <= 6; cls++) {
            String c = cls + "xx";
            book.of("core", "rcv_replies_" + c, true, List.copyOf(meters.get(sip.replies()).tag("class", c).counters()));
            for (Map.Entry<String, String> m : sip.replyMethods().entrySet()) {
                book.of("core", "rcv_replies_" + c + "_" + m.getValue(), true,
                        List.of(meters.get(sip.replies()).tag("class", c).tag("method", m.getKey()).counter()));
            }
        }
        for (String code : sip.replyCodeLabels()) {
            book.of("core", "rcv_replies_" + code, true,
                    List.of(meters.get(sip.replyCodes()).tag("code", code).counter()));
        }
        for (String never : List.of("drop_requests", "drop_replies", "err_requests", "err_replies", "bad_URIs_rcvd",
                "bad_msg_hdr")) {
            book.of("core", never, true, List.of());
        }
        book.of("core", "udp_queue_drops", true,
                List.of(meters.get(sip.udpDropped()).tag("reason", "queue_full").functionCounter()));
        book.of("core", "udp_not_sip_drops", true,
                List.of(meters.get(sip.udpDropped()).tag("reason", "not_sip").functionCounter()));
        book.gauge("cluster", "members", "locus.cluster.members", NONE, "Hazelcast members in this node's cluster",
                clusterMembers::getAsInt);
    }

    /**
     * Kamailio's core TCP statistics, for the connections peers open (Kamailio also counts those it opens):
     * open now, refused by a cap ({@code sip.tcp_max_connections*}), closed for idling.
     */
    public static void tcp(StatisticBook book, String open, String refused, String idleClosed) {
        MeterRegistry meters = book.meters();
        book.of("tcp", "current_opened_connections", false, List.of(meters.get(open).gauge()));
        book.of("tcp", "local_reject", true, List.copyOf(meters.get(refused).counters()));
        book.of("tcp", "con_timeout", true, List.of(meters.get(idleClosed).counter()));
    }

    /**
     * shmem: Kamailio's shared memory is the JVM's heap here: total = the heap's maximum, used = used now,
     * real_used = committed (what the JVM holds from the system), max_used = the heap pools' peaks, free =
     * total - used; fragments has no counterpart (0).
     */
    public static void shmem(StatisticBook book) {
        Runtime runtime = Runtime.getRuntime();
        var memory = ManagementFactory.getMemoryMXBean();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        String why = " (Kamailio's shmem: figure, from the JVM heap)";
        book.gauge("shmem", "total_size", "locus.shmem.total_size", NONE, "heap maximum" + why, runtime::maxMemory);
        book.gauge("shmem", "used_size", "locus.shmem.used_size", NONE, "heap used" + why,
                () -> memory.getHeapMemoryUsage().getUsed());
        book.gauge("shmem", "real_used_size", "locus.shmem.real_used_size", NONE, "heap committed" + why,
                () -> memory.getHeapMemoryUsage().getCommitted());
        book.gauge("shmem", "max_used_size", "locus.shmem.max_used_size", NONE, "heap pools' peak use" + why,
                () -> heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
        book.gauge("shmem", "free_size", "locus.shmem.free_size", NONE, "heap maximum less used" + why,
                () -> runtime.maxMemory() - memory.getHeapMemoryUsage().getUsed());
        book.of("shmem", "fragments", false, List.of());
    }

    /** protect: what the protection against password guessing and floods did on this node. */
    public static void protect(StatisticBook book, Supplier<ProtectFigures> figures) {
        book.counter("protect", "dropped", "locus.protect.dropped", NONE,
                "requests from banned sources dropped unanswered", () -> figures.get().dropped());
        book.counter("protect", "forbidden", "locus.protect.forbidden", NONE,
                "requests from banned sources answered 403", () -> figures.get().forbidden());
        book.counter("protect", "tcp_refused", "locus.protect.tcp_refused", NONE,
                "TCP connections from banned sources reset at accept", () -> figures.get().tcpRefused());
        book.counter("protect", "bans", "locus.protect.bans", NONE, "bans this node made",
                () -> figures.get().bans());
        book.gauge("protect", "banned", "locus.protect.banned", NONE, "bans in force now",
                () -> figures.get().banned());
        book.counter("protect", "auth_failures", "locus.protect.auth_failures", NONE,
                "failed digest attempts counted", () -> figures.get().authFailures());
        book.counter("protect", "lost", "locus.protect.lost", NONE,
                "failures or bans not written to the cluster", () -> figures.get().lost());
    }

    /** auth:, registrar: and usrloc: (usrloc counts are cluster-wide). */
    public static void registrar(StatisticBook book, Registrar registrar, RegistrarConfig config) {
        MeterRegistry meters = book.meters();
        Recent<LocationStats> location = new Recent<>(() -> registrar.usrloc().stats(), FRESH);
        book.of("auth", "challenges", true, List.of(meters.get("locus.auth.challenges").counter()));
        book.of("auth", "successes", true, List.of(meters.get("locus.auth.successes").counter()));
        book.of("auth", "failures", true, List.of(meters.get("locus.auth.failures").counter()));
        book.of("registrar", "accepted_regs", true, List.of(meters.get("locus.registrar.accepted_regs").counter()));
        book.of("registrar", "rejected_regs", true, List.of(meters.get("locus.registrar.rejected_regs").counter()));
        // The values in effect, which cfg.set changes, as Kamailio's stat callbacks read its cfg group.
        book.gauge("registrar", "default_expire", "locus.registrar.default_expire", NONE,
                "registrar.default_expires in effect (s)", () -> registrar.settings().current().defaultExpires());
        book.gauge("registrar", "max_expires", "locus.registrar.max_expires", NONE,
                "registrar.max_expires in effect (s)", () -> registrar.settings().current().maxExpires());
        book.gauge("registrar", "max_contacts", "locus.registrar.max_contacts", NONE,
                "registrar.max_contacts in effect", () -> registrar.settings().current().maxContacts());
        // Kamailio's expiry randomisation, which Locus does not do: 0, as a Kamailio with its defaults.
        book.of("registrar", "default_expires_range", false, List.of());
        book.of("registrar", "expires_range", false, List.of());
        book.gauge("usrloc", "location_users", "locus.usrloc.location_users", NONE,
                "AORs with bindings, cluster-wide", () -> location.get().users());
        book.gauge("usrloc", "location_contacts", "locus.usrloc.location_contacts", NONE,
                "bindings, cluster-wide", () -> location.get().contacts());
        book.of("usrloc", "location_expires", true, List.of(meters.get("locus.usrloc.location_expires").counter()));
        book.of("usrloc", "registered_users", false, List.of(meters.get("locus.usrloc.location_users").gauge()));
    }

    /**
     * tmx: as Kamailio 5.6 exports it ({@code tmx_mod.c}), from the location service's transactions; Kamailio's
     * derived figures derived the same way (in use = started - ended, relayed = sent - generated, absorbed =
     * received - relayed). Then Locus's own branch counts, under {@code proxy:}.
     */
    public static void transactions(StatisticBook book, Supplier<TransactionFigures> figures) {
        book.counter("tmx", "UAS_transactions", "locus.tmx.transactions", Tags.of("side", "uas"),
                "transactions started, by side", () -> figures.get().transactions());
        book.counter("tmx", "UAC_transactions", "locus.tmx.transactions", Tags.of("side", "uac"),
                "transactions started, by side", () -> figures.get().localTransactions());
        book.gauge("tmx", "inuse_transactions", "locus.tmx.inuse_transactions", NONE,
                "transactions started and not ended", () -> figures.get().inUse());
        book.gauge("tmx", "active_transactions", "locus.tmx.active_transactions", NONE,
                "transactions not yet answered finally", () -> figures.get().active());
        String replies = "locus.tmx.replies";
        String what = "transaction replies, by kind (received, absorbed, generated, relayed, sent)";
        book.counter("tmx", "rpl_received", replies, Tags.of("kind", "received"), what,
                () -> figures.get().repliesReceived());
        book.counter("tmx", "rpl_absorbed", replies, Tags.of("kind", "absorbed"), what,
                () -> figures.get().repliesAbsorbed());
        book.counter("tmx", "rpl_generated", replies, Tags.of("kind", "generated"), what,
                () -> figures.get().repliesGenerated());
        book.counter("tmx", "rpl_relayed", replies, Tags.of("kind", "relayed"), what,
                () -> figures.get().repliesRelayed());
        book.counter("tmx", "rpl_sent", replies, Tags.of("kind", "sent"), what, () -> figures.get().repliesSent());
        book.counter("proxy", "branches", "locus.proxy.branches", NONE, "branches sent",
                () -> figures.get().branches());
        book.counter("proxy", "relayed_branches", "locus.proxy.relayed_branches", NONE,
                "branches whose reply was relayed", () -> figures.get().relayedBranches());
        for (int cls = 2; cls <= 6; cls++) {
            int c = cls;
            book.counter("tmx", c + "xx_transactions", "locus.tmx.completed", Tags.of("class", c + "xx"),
                    "transactions completed, by the class of their final reply", () -> figures.get().finals(c));
        }
        MeterRegistry meters = book.meters();
        // Kamailio's core counts what it forwards; here that is the proxy's: branches out, replies relayed.
        book.of("core", "fwd_requests", true, List.of(meters.get("locus.proxy.branches").functionCounter()));
        book.of("core", "fwd_replies", true,
                List.of(meters.get(replies).tag("kind", "relayed").functionCounter()));
    }

    /**
     * sl: as Kamailio 5.6 exports it ({@code sl_stats.c}): a statistic per bucket (the registrar's counters, one
     * per {@code code} label), their sum, failures and absorbed ACKs. {@code sent_err_replies} is 0 as in Kamailio
     * 5.6, where nothing ever adds to it.
     */
    public static void statelessReplies(StatisticBook book) {
        MeterRegistry meters = book.meters();
        for (StatelessReplyKind kind : StatelessReplyKind.values()) {
            book.of("sl", kind.label() + "_replies", true,
                    List.of(meters.get("locus.sl.replies").tag("code", kind.label()).counter()));
        }
        book.of("sl", "sent_replies", true, List.copyOf(meters.get("locus.sl.replies").counters()));
        book.of("sl", "sent_err_replies", true, List.of());
        book.of("sl", "failures", true, List.of(meters.get("locus.sl.failures").counter()));
        book.of("sl", "received_ACKs", true, List.of(meters.get("locus.sl.received_acks").counter()));
    }

    public static void dmq(StatisticBook book, Dmq dmq, UsrlocReplication usrloc, HtableReplication htable) {
        book.counter("dmq", "usrloc_sync_bindings", "locus.dmq.usrloc_sync_bindings", NONE,
                "bindings sent in dmq_usrloc syncs", usrloc::syncedBindings);
        book.counter("dmq", "usrloc_changes_sent", "locus.dmq.usrloc_changes_sent", NONE,
                "live usrloc changes sent to Kamailio nodes, once per node", usrloc::changesSent);
        book.counter("dmq", "usrloc_messages_sent", "locus.dmq.usrloc_messages_sent", NONE,
                "KDMQ messages that carried them (one change, or a multi batch)", usrloc::messagesSent);
        book.counter("dmq", "htable_sync_items", "locus.dmq.htable_sync_items", NONE,
                "htable items sent in DMQ syncs", htable::syncedItems);
        book.gauge("dmq", "nodes", "locus.dmq.nodes", NONE, "DMQ nodes known, this one included",
                () -> dmq.nodes().size());
        book.counter("dmq", "discovery_troubles", "locus.dmq.discovery_troubles", NONE,
                "ping rounds whose discovery name failed or answered nothing", dmq::discoveryTroubles);
    }

    /**
     * uac:regtotal / regactive / regdisabled as Kamailio names them (but counted right, cluster-wide), plus
     * regfailed, and this node's REGISTER transactions and their timeouts.
     */
    public static void uacreg(StatisticBook book, Uacreg uacreg) {
        Recent<TrunkTable.Counts> counts = new Recent<>(() -> uacreg.table().counts(), FRESH);
        String trunks = "locus.uac.trunks";
        String what = "trunk registrations, cluster-wide, by state (total, active, disabled, failed)";
        book.gauge("uac", "regtotal", trunks, Tags.of("state", "total"), what, () -> counts.get().total());
        book.gauge("uac", "regactive", trunks, Tags.of("state", "active"), what, () -> counts.get().registered());
        book.gauge("uac", "regdisabled", trunks, Tags.of("state", "disabled"), what, () -> counts.get().disabled());
        book.gauge("uac", "regfailed", trunks, Tags.of("state", "failed"), what, () -> counts.get().failed());
        book.counter("uac", "register_requests", "locus.uac.register_requests", NONE,
                "trunk REGISTER transactions this node started", uacreg::registersSent);
        book.counter("uac", "register_timeouts", "locus.uac.register_timeouts", NONE,
                "trunk REGISTER transactions that timed out", uacreg::registerTimeouts);
    }
}
