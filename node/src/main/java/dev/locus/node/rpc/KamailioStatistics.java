package dev.locus.node.rpc;

import dev.locus.dmq.Dmq;
import dev.locus.node.protect.ProtectFigures;
import dev.locus.registrar.LocationStats;
import dev.locus.registrar.Registrar;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.RegistrarFigures;
import dev.locus.registrar.StatelessReplyFigures;
import dev.locus.registrar.StatelessReplyKind;
import dev.locus.registrar.TransactionFigures;
import dev.locus.registrar.HtableReplication;
import dev.locus.registrar.UsrlocReplication;
import dev.locus.uacreg.TrunkTable;
import dev.locus.uacreg.Uacreg;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The modules' figures under Kamailio's statistic names ({@code registrar:accepted_regs}, ...), for
 * {@code stats.get_statistics}: the only place those names live.
 */
public final class KamailioStatistics {

    /** A stats call asks for several figures at once; one reading of a module serves them all. */
    private static final Duration FRESH = Duration.ofSeconds(1);

    private KamailioStatistics() {
    }

    /**
     * @param udpQueueDrops  datagrams dropped by full UDP receive queues (Locus's own name: Kamailio has no queue)
     * @param udpNotSipDrops datagrams dropped on receipt as not SIP (Kamailio drops them too, uncounted)
     */
    public static List<Statistic> core(LongSupplier receivedRequests, LongSupplier udpQueueDrops,
                                       LongSupplier udpNotSipDrops, IntSupplier clusterMembers) {
        return List.of(new Statistic("core", "rcv_requests", receivedRequests),
                new Statistic("core", "udp_queue_drops", udpQueueDrops),
                new Statistic("core", "udp_not_sip_drops", udpNotSipDrops),
                new Statistic("cluster", "members", () -> clusterMembers.getAsInt()));
    }

    /**
     * Kamailio's core TCP statistics, for the connections peers open (Kamailio also counts those it opens):
     * open now, refused by a cap ({@code sip.tcp_max_connections*}), closed for idling.
     */
    public static List<Statistic> tcp(LongSupplier open, LongSupplier refused, LongSupplier idleClosed) {
        return List.of(new Statistic("tcp", "current_opened_connections", open),
                new Statistic("tcp", "local_reject", refused),
                new Statistic("tcp", "con_timeout", idleClosed));
    }

    /** protect: what the protection against password guessing and floods did on this node. */
    public static List<Statistic> protect(Supplier<ProtectFigures> figures) {
        return List.of(new Statistic("protect", "dropped", () -> figures.get().dropped()),
                new Statistic("protect", "forbidden", () -> figures.get().forbidden()),
                new Statistic("protect", "tcp_refused", () -> figures.get().tcpRefused()),
                new Statistic("protect", "bans", () -> figures.get().bans()),
                new Statistic("protect", "banned", () -> figures.get().banned()),
                new Statistic("protect", "auth_failures", () -> figures.get().authFailures()),
                new Statistic("protect", "lost", () -> figures.get().lost()));
    }

    /** auth:, registrar: and usrloc: (usrloc counts are cluster-wide). */
    public static List<Statistic> registrar(Registrar registrar, RegistrarConfig config) {
        Recent<LocationStats> location = new Recent<>(() -> registrar.usrloc().stats(), FRESH);
        Supplier<RegistrarFigures> figures = registrar::figures;
        return List.of(
                new Statistic("auth", "challenges", () -> figures.get().authChallenges()),
                new Statistic("auth", "successes", () -> figures.get().authSuccesses()),
                new Statistic("auth", "failures", () -> figures.get().authFailures()),
                new Statistic("registrar", "accepted_regs", () -> figures.get().acceptedRegisters()),
                new Statistic("registrar", "rejected_regs", () -> figures.get().rejectedRegisters()),
                // The values in effect, which cfg.set changes, as Kamailio's stat callbacks read its cfg group.
                new Statistic("registrar", "default_expire", () -> registrar.settings().current().defaultExpires()),
                new Statistic("registrar", "max_expires", () -> registrar.settings().current().maxExpires()),
                new Statistic("registrar", "max_contacts", () -> registrar.settings().current().maxContacts()),
                // Kamailio's expiry randomisation, which Locus does not do: 0, as a Kamailio with its defaults.
                new Statistic("registrar", "default_expires_range", () -> 0),
                new Statistic("registrar", "expires_range", () -> 0),
                new Statistic("usrloc", "location_users", () -> location.get().users()),
                new Statistic("usrloc", "location_contacts", () -> location.get().contacts()),
                new Statistic("usrloc", "location_expires", () -> figures.get().expiredBindings()),
                new Statistic("usrloc", "registered_users", () -> location.get().users()));
    }

    /**
     * tmx: as Kamailio 5.6 exports it ({@code tmx_mod.c}), from the location service's transactions; Kamailio's
     * derived figures derived the same way (in use = started - ended, relayed = sent - generated, absorbed =
     * received - relayed). Then Locus's own branch counts, under {@code proxy:}.
     */
    public static List<Statistic> transactions(Supplier<TransactionFigures> figures) {
        List<Statistic> list = new ArrayList<>(List.of(
                new Statistic("tmx", "UAS_transactions", () -> figures.get().transactions()),
                new Statistic("tmx", "UAC_transactions", () -> figures.get().localTransactions()),
                new Statistic("tmx", "inuse_transactions", () -> figures.get().inUse()),
                new Statistic("tmx", "active_transactions", () -> figures.get().active()),
                new Statistic("tmx", "rpl_received", () -> figures.get().repliesReceived()),
                new Statistic("tmx", "rpl_absorbed", () -> figures.get().repliesAbsorbed()),
                new Statistic("tmx", "rpl_generated", () -> figures.get().repliesGenerated()),
                new Statistic("tmx", "rpl_relayed", () -> figures.get().repliesRelayed()),
                new Statistic("tmx", "rpl_sent", () -> figures.get().repliesSent()),
                new Statistic("proxy", "branches", () -> figures.get().branches()),
                new Statistic("proxy", "relayed_branches", () -> figures.get().relayedBranches())));
        for (int cls = 2; cls <= 6; cls++) {
            int c = cls;
            list.add(new Statistic("tmx", c + "xx_transactions", () -> figures.get().finals(c)));
        }
        return List.copyOf(list);
    }

    /**
     * sl: as Kamailio 5.6 exports it ({@code sl_stats.c}): a statistic per bucket, their sum, failures and absorbed
     * ACKs. {@code sent_err_replies} is 0 as in Kamailio 5.6, where nothing ever adds to it.
     */
    public static List<Statistic> statelessReplies(Supplier<StatelessReplyFigures> figures) {
        List<Statistic> list = new ArrayList<>();
        for (StatelessReplyKind kind : StatelessReplyKind.values()) {
            list.add(new Statistic("sl", kind.label() + "_replies", () -> figures.get().sent(kind)));
        }
        list.add(new Statistic("sl", "sent_replies", () -> figures.get().total()));
        list.add(new Statistic("sl", "sent_err_replies", () -> 0));
        list.add(new Statistic("sl", "failures", () -> figures.get().failures()));
        list.add(new Statistic("sl", "received_ACKs", () -> figures.get().receivedAcks()));
        return List.copyOf(list);
    }

    public static List<Statistic> dmq(Dmq dmq, UsrlocReplication usrloc, HtableReplication htable) {
        return List.of(new Statistic("dmq", "usrloc_sync_bindings", usrloc::syncedBindings),
                new Statistic("dmq", "htable_sync_items", htable::syncedItems),
                new Statistic("dmq", "nodes", () -> dmq.nodes().size()),
                new Statistic("dmq", "discovery_troubles", dmq::discoveryTroubles));
    }

    /**
     * uac:regtotal / regactive / regdisabled as Kamailio names them (but counted right, cluster-wide), plus
     * regfailed, and this node's REGISTER transactions and their timeouts.
     */
    public static List<Statistic> uacreg(Uacreg uacreg) {
        Recent<TrunkTable.Counts> counts = new Recent<>(() -> uacreg.table().counts(), FRESH);
        return List.of(new Statistic("uac", "regtotal", () -> counts.get().total()),
                new Statistic("uac", "regactive", () -> counts.get().registered()),
                new Statistic("uac", "regdisabled", () -> counts.get().disabled()),
                new Statistic("uac", "regfailed", () -> counts.get().failed()),
                new Statistic("uac", "register_requests", uacreg::registersSent),
                new Statistic("uac", "register_timeouts", uacreg::registerTimeouts));
    }
}
