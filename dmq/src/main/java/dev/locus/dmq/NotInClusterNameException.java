package dev.locus.dmq;

/** This node is missing from a discovery name that lists other nodes: it was removed and must not rejoin. */
public final class NotInClusterNameException extends RuntimeException {

    public NotInClusterNameException(String message) {
        super(message);
    }
}
