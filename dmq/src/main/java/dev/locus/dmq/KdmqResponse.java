package dev.locus.dmq;

/** The final answer to a KDMQ request; {@link #TIMEOUT} (408) when none came in time, as Kamailio's tm reports it. */
public record KdmqResponse(int status, String body) {

    public static final KdmqResponse TIMEOUT = new KdmqResponse(408, "");

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
