package dev.locus.node.config;

/** The JSON-RPC endpoint; loopback by default, because it can remove every binding. */
public record RpcConfig(String address, int port, int maxBodyBytes, int threads) {
}
