package dev.locus.dmq;

import java.util.Objects;

/** A channel's answer to a KDMQ request: status, reason, and an optional body. */
public record DmqReply(int status, String reason, String contentType, String body) {

    public static final DmqReply OK = new DmqReply(200, "OK", "", "");

    public DmqReply {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    public static DmqReply badRequest() {
        return new DmqReply(400, "Bad Request", "", "");
    }

    /** The request was understood but could not be carried out; the reason says why, for the sender's log. */
    public static DmqReply serverError(String why) {
        return new DmqReply(500, "Server Internal Error - " + why, "", "");
    }

    /** The sender may not send this on this channel; the reason says why, for the sender's log. */
    public static DmqReply forbidden(String why) {
        return new DmqReply(403, "Forbidden - " + why, "", "");
    }

    public static DmqReply ok(String contentType, String body) {
        return new DmqReply(200, "OK", contentType, body);
    }
}
