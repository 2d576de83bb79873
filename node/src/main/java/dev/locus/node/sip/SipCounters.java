package dev.locus.node.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Kamailio's core counts of the SIP it receives ({@code core:rcv_requests_<method>}, {@code rcv_replies_<class>_<method>},
 * {@code unsupported_methods}) as Micrometer counters with the method and the class as labels, and how long handling a
 * request took, as a histogram. Every meter is made up front, so that counting a request is a map read and an add:
 * nothing is registered or tagged on the SIP path.
 */
public final class SipCounters {

    public static final String REQUESTS = "locus.sip.requests";
    public static final String REPLIES = "locus.sip.replies";
    public static final String REPLY_CODES = "locus.sip.replies.code";
    public static final String DURATION = "locus.sip.request.duration";
    public static final String DMQ_DURATION = "locus.dmq.request.duration";
    /** Kamailio's {@code rcv_requests_*} methods (core's {@code METHOD_*} with a statistic). */
    public static final List<String> REQUEST_METHODS = List.of("ACK", "BYE", "CANCEL", "INFO", "INVITE", "MESSAGE",
            "NOTIFY", "OPTIONS", "PRACK", "PUBLISH", "REFER", "REGISTER", "SUBSCRIBE", "UPDATE");
    /** Kamailio's {@code rcv_replies_Nxx_*} methods, by its suffix ({@code reg} for REGISTER). */
    public static final Map<String, String> REPLY_METHODS = Map.of("BYE", "bye", "CANCEL", "cancel",
            "INVITE", "invite", "MESSAGE", "message", "PRACK", "prack", "REFER", "refer", "REGISTER", "reg",
            "UPDATE", "update");
    /** The statuses Kamailio counts on their own ({@code rcv_replies_401}, ...); {@code 18x} is 180..189. */
    public static final List<String> REPLY_CODE_LABELS = List.of("18x", "401", "404", "407", "480", "486");
    /** KDMQ is counted, and timed apart: its own histogram, since peers' replication shares no path with phones. */
    private static final String KDMQ = "KDMQ";
    private static final String OTHER = "other";

    private final Map<String, Counter> requests = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Timer dmqDuration;
    /** [class 1..6][method]: replies received, by the method their CSeq names. */
    private final List<Map<String, Counter>> replies = new ArrayList<>();
    private final Map<String, Counter> replyCodes = new HashMap<>();

    public SipCounters(MeterRegistry meters) {
        List<String> methods = new ArrayList<>(REQUEST_METHODS);
        methods.add(KDMQ);
        methods.add(OTHER);
        for (String method : methods) {
            requests.put(method, Counter.builder(REQUESTS).tag("method", method)
                    .description("SIP requests received, by method (other: a method Kamailio counts as unsupported)")
                    .register(meters));
            if (!method.equals(KDMQ)) {
                durations.put(method, Timer.builder(DURATION).tag("method", method)
                        .description("time to handle a SIP request on its receiving thread (answered, or handed on)")
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10)).register(meters));
            }
        }
        dmqDuration = Timer.builder(DMQ_DURATION)
                .description("time to handle a KDMQ request from a peer (usrloc/htable replication, node lists)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(meters);
        for (int cls = 1; cls <= 6; cls++) {
            Map<String, Counter> byMethod = new HashMap<>();
            for (String method : replyMethodLabels()) {
                byMethod.put(method, Counter.builder(REPLIES).tag("class", cls + "xx").tag("method", method)
                        .description("SIP replies received, by class and by the method of their CSeq")
                        .register(meters));
            }
            replies.add(byMethod);
        }
        for (String code : REPLY_CODE_LABELS) {
            replyCodes.put(code, Counter.builder(REPLY_CODES).tag("code", code)
                    .description("SIP replies received with the statuses Kamailio counts apart").register(meters));
        }
    }

    private static List<String> replyMethodLabels() {
        List<String> labels = new ArrayList<>(REPLY_METHODS.keySet());
        labels.add(OTHER);
        return labels;
    }

    /** Counts a request; the returned timer measures its handling. */
    public Timer request(String method) {
        Counter counter = requests.get(method);
        if (counter == null) {
            counter = requests.get(OTHER);
            method = OTHER;
        }
        counter.increment();
        return method.equals(KDMQ) ? dmqDuration : durations.get(method);
    }

    public void reply(int status, String cseqMethod) {
        int cls = status / 100;
        if (cls < 1 || cls > 6) {
            return;
        }
        Map<String, Counter> byMethod = replies.get(cls - 1);
        Counter counter = byMethod.get(cseqMethod == null ? OTHER : cseqMethod);
        (counter == null ? byMethod.get(OTHER) : counter).increment();
        Counter code = status >= 180 && status <= 189 ? replyCodes.get("18x")
                : replyCodes.get(Integer.toString(status));
        if (code != null) {
            code.increment();
        }
    }

    /** The request counter of a method ({@code other} for the rest), for the Kamailio statistics. */
    public Counter requests(String method) {
        return requests.get(method.toUpperCase(Locale.ROOT));
    }

    public List<Counter> allRequests() {
        return List.copyOf(requests.values());
    }

    /** Replies of a class (1..6) whose CSeq names the method (a key of {@link #REPLY_METHODS}, or other). */
    public Counter replies(int cls, String method) {
        return replies.get(cls - 1).get(method);
    }

    public List<Counter> replies(int cls) {
        return List.copyOf(replies.get(cls - 1).values());
    }

    public Counter replyCode(String label) {
        return replyCodes.get(label);
    }
}
