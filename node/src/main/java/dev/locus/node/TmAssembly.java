package dev.locus.node;

import dev.locus.node.config.LocusConfig;
import dev.locus.node.sip.SipServer;
import dev.locus.node.sip.uac.LocalTargets;
import dev.locus.node.sip.uac.UacHops;
import dev.locus.node.sip.uac.UacSender;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** tm's UAC in a node: requests sent for tm.t_uac_* on the node's stack, routed by the node's router. */
final class TmAssembly {

    private TmAssembly() {
    }

    /** Only the RPC sends through it; a call in the moment between the RPC's start and the stack's fails to send. */
    static UacSender create(LocusConfig config, SipServer sip, String userAgent, Started started) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.named("locus-tm-timer"));
        started.add(timer::shutdownNow);
        UacHops hops = new UacHops();
        sip.route(hops::nextHop);
        LocalTargets local = new LocalTargets(config.registrar().domains(), RegistrarAssembly.localHosts(config),
                config.sip().listen());
        return new UacSender(sip::provider, config.sip().listen(), sip.messages(), sip.headers(), sip.addresses(),
                userAgent, hops, local, config.tm().frTimer(), config.tm().maxTransactions(), timer);
    }
}
