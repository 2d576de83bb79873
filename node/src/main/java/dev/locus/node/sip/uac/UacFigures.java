package dev.locus.node.sip.uac;

/**
 * What the {@link UacSender} did since start.
 *
 * @param started  requests sent, each its own transaction
 * @param finished transactions ended: a final reply received, or the local 408
 * @param replies  replies received, provisional and final, retransmissions included
 */
public record UacFigures(long started, long finished, long replies) {
}
