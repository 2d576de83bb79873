package dev.locus.node.rpc;

/**
 * A JSON-RPC error to answer with. Protocol errors use JSON-RPC 2.0's codes; a method's own faults use Kamailio's
 * codes and messages (500 "AOR not found in location table"), so scripts that read Kamailio's errors still work.
 */
public final class RpcException extends Exception {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** JSON-RPC 2.0's range for the server's own errors; Kamailio has no equivalent limit to copy. */
    public static final int RESPONSE_TOO_LARGE = -32000;

    private final int code;

    public RpcException(int code, String message) {
        // No stack trace: this is an answer to a client, thrown for control flow, never a bug report.
        super(message, null, false, false);
        this.code = code;
    }

    public static RpcException parseError(String detail) {
        return new RpcException(PARSE_ERROR, "Parse error: " + detail);
    }

    public static RpcException invalidRequest(String message) {
        return new RpcException(INVALID_REQUEST, message);
    }

    public static RpcException methodNotFound(String method) {
        return new RpcException(METHOD_NOT_FOUND, "Method not found: " + method);
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(INVALID_PARAMS, message);
    }

    /** The only thing a client learns of an unexpected failure; the details go to the log. */
    public static RpcException internalError() {
        return new RpcException(INTERNAL_ERROR, "Internal error");
    }

    public static RpcException responseTooLarge(int maxBytes) {
        return new RpcException(RESPONSE_TOO_LARGE, "Response too large: exceeds " + maxBytes + " bytes");
    }

    public int code() {
        return code;
    }
}
