package dev.locus.node.config;


import java.util.List;

/**
 * Kamailio's ctl endpoint (binrpc, for kamcmd): where it listens (empty = off) and what a client may cost. Only
 * loopback addresses and unix sockets unless {@code binrpc.allow_remote}: binrpc has no authentication at all.
 */
public record BinrpcConfig(List<BinrpcAddress> listen, BinrpcLimits limits) {

    public BinrpcConfig {
        listen = List.copyOf(listen);
    }

    public boolean enabled() {
        return !listen.isEmpty();
    }
}
