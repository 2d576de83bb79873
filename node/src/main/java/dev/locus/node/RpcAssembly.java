package dev.locus.node;

import com.hazelcast.core.HazelcastInstance;
import dev.locus.dmq.Dmq;
import dev.locus.node.config.LocusConfig;
import dev.locus.node.config.SocketSpec;
import dev.locus.node.protect.Protection;
import dev.locus.node.rpc.CfgMethods;
import dev.locus.node.rpc.CoreMethods;
import dev.locus.node.rpc.ListenSocket;
import dev.locus.node.rpc.SocketMethods;
import dev.locus.node.rpc.ThreadMethods;
import dev.locus.node.rpc.DmqMethods;
import dev.locus.node.rpc.HtableMethods;
import dev.locus.node.rpc.HtableReloadMethod;
import dev.locus.node.health.Readiness;
import dev.locus.node.rpc.KamailioStatistics;
import dev.locus.node.rpc.Observability;
import dev.locus.node.rpc.StatisticBook;
import dev.locus.node.rpc.TransactionMethods;
import dev.locus.node.config.RpcConfig;
import dev.locus.node.rpc.RpcLimits;
import dev.locus.node.rpc.RpcMethods;
import dev.locus.node.rpc.RpcServer;
import dev.locus.node.rpc.StatsMethods;
import dev.locus.node.rpc.TmMethods;
import dev.locus.node.rpc.UacregMethods;
import dev.locus.node.rpc.UsrlocMethods;
import dev.locus.node.rpc.binrpc.BinrpcServer;
import dev.locus.node.rpc.dgram.DgramServer;
import dev.locus.node.rpc.fifo.FifoServer;
import dev.locus.node.rpc.JsonRpcDocuments;
import dev.locus.node.sip.SipCounters;
import dev.locus.node.sip.SipServer;
import dev.locus.node.sip.tcp.ConnectionGate;
import dev.locus.node.sip.uac.UacSender;
import dev.locus.registrar.Registrar;
import dev.locus.registrar.TransactionFigures;
import dev.locus.registrar.UsrlocReplication;
import dev.locus.registrar.HtableLoader;
import dev.locus.registrar.HtableReplication;
import dev.locus.registrar.Htables;
import dev.locus.uacreg.Uacreg;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The RPC servers of a node (JSON-RPC, and binrpc and jsonrpcs' FIFO and datagram socket when on): Kamailio's methods over every module that is on. */
final class RpcAssembly {

    private RpcAssembly() {
    }

    static RpcLimits limits(RpcConfig rpc) {
        return new RpcLimits(rpc.maxBodyBytes(), rpc.maxBatch(), rpc.maxResponseBytes(), rpc.idleTimeout(),
                rpc.maxConnections(), rpc.secret());
    }

    /** What the modules of a node are, for the RPC: the optional ones empty when off. */
    record Modules(Registrar registrar, Optional<Dmq> dmq, Optional<UsrlocReplication> replication,
                   Optional<HtableReplication> htableReplication, Optional<Uacreg> uacreg, Htables htables,
                   Optional<HtableLoader> htableDatabase, HazelcastInstance hazelcast, MeterRegistry meters,
                   ConnectionGate tcp, UacSender uac, Optional<Protection> protection) {
    }

    /** The SIP sockets, and the DMQ one when DMQ is on: Kamailio lists its DMQ socket among its SIP listeners. */
    static List<ListenSocket> listenSockets(LocusConfig config) {
        String advertised = RegistrarAssembly.advertisedHost(config);
        List<ListenSocket> sockets = new ArrayList<>();
        for (SocketSpec s : config.sip().listen()) {
            sockets.add(new ListenSocket(s.transport(), s.host(), s.port(), advertised));
        }
        if (config.dmq().enabled()) {
            SocketSpec dmq = config.dmq().listen();
            sockets.add(new ListenSocket(dmq.transport(), dmq.host(), dmq.port(), ""));
        }
        return sockets;
    }

    /** What the HTTP server shows besides the RPC: the registry's scrape and the readiness report. */
    record Observed(Supplier<String> scrape, Supplier<Readiness.Report> readiness) {
    }

    static RpcServer start(LocusConfig config, Modules modules, Observed observed, String version, Instant startedAt,
                           InstantSource clock, Started started) {
        RpcMethods methods = new RpcMethods(modules.meters());
        StatisticBook statistics = new StatisticBook(modules.meters());
        KamailioStatistics.core(statistics, new KamailioStatistics.SipMeters(SipCounters.REQUESTS, SipCounters.REPLIES,
                        SipCounters.REPLY_CODES, SipCounters.REQUEST_METHODS, SipCounters.REPLY_METHODS,
                        SipCounters.REPLY_CODE_LABELS, SipServer.UDP_DROPPED),
                () -> modules.hazelcast().getLifecycleService().isRunning()
                        ? modules.hazelcast().getCluster().getMembers().size() : 0);
        KamailioStatistics.tcp(statistics, ConnectionGate.OPEN, ConnectionGate.REFUSED, ConnectionGate.IDLE_CLOSED);
        KamailioStatistics.shmem(statistics);
        KamailioStatistics.registrar(statistics, modules.registrar(), config.registrar());
        Supplier<TransactionFigures> transactions = () -> TransactionMethods.withLocal(
                modules.registrar().transactions(), modules.uac().figures());
        KamailioStatistics.transactions(statistics, transactions);
        KamailioStatistics.statelessReplies(statistics);
        new TransactionMethods(transactions, modules.registrar()::statelessReplies).registerIn(methods);
        new UsrlocMethods(modules.registrar().usrloc(), clock).registerIn(methods);
        modules.dmq().ifPresent(dmq -> {
            new DmqMethods(dmq, DmqAssembly.kamailioNodes(modules::hazelcast)).registerIn(methods);
            KamailioStatistics.dmq(statistics, dmq, modules.replication().orElseThrow(),
                    modules.htableReplication().orElseThrow());
        });
        modules.uacreg().ifPresent(uacreg -> {
            new UacregMethods(uacreg.table(), clock, config.uacreg().contactAddr()).registerIn(methods);
            KamailioStatistics.uacreg(statistics, uacreg);
        });
        new HtableReloadMethod(modules.htables(), modules.htableDatabase()).registerIn(methods);
        new HtableMethods(modules.htables(), ZoneId.systemDefault()).registerIn(methods);
        modules.protection().ifPresent(p -> KamailioStatistics.protect(statistics, p::figures));
        new TmMethods(modules.uac(), config.tm().maxWaiting(), config.tm().frTimer()).registerIn(methods);
        new CoreMethods(version, clock, startedAt, ZoneId.systemDefault(), CoreMethods.Platform.current())
                .registerIn(methods);
        new ThreadMethods().registerIn(methods);
        new SocketMethods(listenSockets(config)).registerIn(methods);
        new CfgMethods(modules.registrar().settings()).registerIn(methods);
        new StatsMethods(statistics.statistics()).registerIn(methods);

        ExecutorService executor = Executors.newFixedThreadPool(config.rpc().threads(), Threads.named("locus-rpc"));
        started.add(executor::shutdownNow);
        RpcServer rpc = RpcServer.atRpcPath(new InetSocketAddress(config.rpc().address(), config.rpc().port()),
                methods, limits(config.rpc()), executor, new Observability(config.metrics().enabled(),
                        config.metrics().secret(), observed.scrape(), observed.readiness()));
        rpc.start();
        started.add(rpc);
        if (config.binrpc().enabled()) {
            // The same methods, run on the same threads: one implementation, two encoders.
            BinrpcServer binrpc = new BinrpcServer(config.binrpc().listen(), methods, config.binrpc().limits(), executor);
            started.add(binrpc);
            binrpc.start();
        }
        if (config.jsonrpcFifo().enabled()) {
            // kamcli's transport=fifo: the same methods and dispatch as POST /RPC, on the same threads.
            FifoServer fifo = new FifoServer(config.jsonrpcFifo(), new JsonRpcDocuments(methods,
                    config.rpc().maxBatch(), config.rpc().maxResponseBytes(), executor), executor);
            started.add(fifo);
            fifo.start();
        }
        if (config.jsonrpcDgram().enabled()) {
            // kamcli's transport=socket. kamcli reads one datagram, so a longer answer is the dispatcher's
            // "response too large" error rather than a cut, unreadable one.
            DgramServer dgram = DgramServer.open(config.jsonrpcDgram(), new JsonRpcDocuments(methods,
                    config.rpc().maxBatch(), Math.min(config.rpc().maxResponseBytes(), DgramServer.MAX_REPLY_BYTES),
                    executor), executor);
            started.add(dgram);
            dgram.start();
        }
        return rpc;
    }
}
