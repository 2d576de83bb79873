package dev.locus.node.cli;

/** The server could not be reached, or what came back was not a JSON-RPC response. The message names the URL. */
final class NoAnswerException extends Exception {

    NoAnswerException(String message) {
        super(message, null, false, false);
    }
}
