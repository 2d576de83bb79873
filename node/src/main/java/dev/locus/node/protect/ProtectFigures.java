package dev.locus.node.protect;

/**
 * What the protection did on this node since it started.
 *
 * @param dropped      requests (and datagrams) from banned sources dropped unanswered
 * @param forbidden    requests from banned sources answered 403
 * @param tcpRefused   TCP connections from banned sources reset at accept
 * @param bans         bans this node made (floods it saw, guessing it counted)
 * @param banned       bans in force now, as this node sees the ban table
 * @param authFailures failed digest attempts counted
 * @param lost         failures or bans not written to the cluster (it did not answer, or too many were waiting)
 */
public record ProtectFigures(long dropped, long forbidden, long tcpRefused, long bans, long banned, long authFailures,
                             long lost) {
}
