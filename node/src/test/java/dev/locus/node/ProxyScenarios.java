package dev.locus.node;

import dev.locus.node.support.SipTrace;
import dev.locus.node.support.SipTrace.Traced;
import dev.locus.node.support.Sipp;
import dev.locus.node.support.SippAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The location service as a proxy (issue 12), driven by real sipp UAs through a proxy that is also their registrar:
 * what Kamailio 5.6 does with {@code save/lookup("location")}, {@code record_route()}, {@code loose_route()},
 * {@code t_relay()} and serial forking by q ({@code kamailio/kamailio-proxy.cfg}), which a Locus node must match.
 * <p>
 * A subclass names the proxy under test ({@link #proxy()}) and starts and stops it around its tests. The proxy must:
 * take SIP over UDP and TCP on that one address; register any AOR without authentication, by user part (Kamailio's
 * {@code use_domain=0}: REGISTER and requests name the proxy's IP as domain); relay INVITE and MESSAGE for a
 * registered user to its contacts, highest q first and equal q in parallel, moving on to the next lower q when the
 * whole group failed short of a 6xx; Record-Route INVITE (not MESSAGE) and route in-dialog requests by Route; answer
 * 404 for an unknown user and 483 when Max-Forwards is exhausted. The UAs run on {@link #calleeHosts()} and
 * {@link #callerHost()}, port 5060; each test registers users of its own, so no binding is shared between tests.
 * <p>
 * {@link KamailioProxySippIT} runs them against the reference, {@link LocusProxySippIT} against a Locus node: every
 * method runs against both, so the two must agree on each.
 */
abstract class ProxyScenarios {

    private static final Duration REGISTERED = Duration.ofSeconds(10);
    private static final Duration FINISHED = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<SippAgent> agents = new ArrayList<>();

    /** The proxy under test: SIP over UDP and TCP on this address. */
    protected abstract InetSocketAddress proxy();

    /** Loopback addresses of three callees, each sipp on port 5060. */
    protected List<String> calleeHosts() {
        return List.of("127.0.0.31", "127.0.0.32", "127.0.0.33");
    }

    /** Loopback address of the caller, sipp on port 5060. */
    protected String callerHost() {
        return "127.0.0.34";
    }

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (SippAgent agent : agents) {
            agent.close();
        }
    }

    enum Transport {
        UDP("u1"), TCP("t1");

        private final String flag;

        Transport(String flag) {
            this.flag = flag;
        }
    }

    /** What a callee does with the request the proxy brings it: an out-of-call scenario beside uas-register.xml. */
    enum Behaviour {
        ANSWER("uas-answer.xml"), BUSY("uas-busy.xml"), DECLINE("uas-decline.xml"), SILENT("uas-silent.xml"),
        MESSAGE("uas-message.xml");

        private final String scenario;

        Behaviour(String scenario) {
            this.scenario = scenario;
        }
    }

    /** A caller's finished run: sipp's counts and what it sent and received. */
    record CallerRun(Sipp.Result result, SipTrace trace) {
    }

    // ---------------------------------------------------------------- calls

    @Test
    void answeredCallIsRecordRoutedAndTheDialogsRequestsFollowTheRoute() throws Exception {
        SippAgent callee = callee(0, "answer", "1.0", Behaviour.ANSWER, Transport.UDP);

        CallerRun caller = call("uac-call.xml", "answer", Transport.UDP, "-key", "rr", "1");

        assertSucceeded(caller);
        SipTrace trace = finished(callee);
        Traced invite = only(trace.receivedRequests("INVITE"));
        assertThat(invite.all("Record-Route")).hasSize(1);
        assertThat(invite.all("Via")).as("the proxy's Via above the caller's").hasSize(2);
        // the caller sends ACK and BYE to the callee's Contact along the recorded route: through the proxy
        assertThat(only(caller.trace().sentRequests("BYE")).all("Route")).hasSize(1);
        assertThat(only(trace.receivedRequests("ACK")).all("Via")).hasSize(2);
        assertThat(only(trace.receivedRequests("BYE")).all("Via")).hasSize(2);
    }

    @Test
    void callFromUdpToACalleeRegisteredOverTcpIsRecordRoutedTwiceOncePerTransport() throws Exception {
        SippAgent callee = callee(1, "tcpcallee", "1.0", Behaviour.ANSWER, Transport.TCP);

        CallerRun caller = call("uac-call.xml", "tcpcallee", Transport.UDP, "-key", "rr", "2");

        assertSucceeded(caller);
        SipTrace trace = finished(callee);
        Traced invite = only(trace.receivedRequests("INVITE"));
        assertThat(invite.transport()).isEqualTo("TCP");
        assertThat(invite.all("Record-Route")).hasSize(2);
        assertThat(only(trace.receivedRequests("BYE")).transport()).isEqualTo("TCP");
        assertThat(only(caller.trace().sentRequests("BYE")).all("Route")).hasSize(2);
    }

    @Test
    void callOverTcpOnBothSidesIsRecordRoutedOnce() throws Exception {
        SippAgent callee = callee(2, "tcpboth", "1.0", Behaviour.ANSWER, Transport.TCP);

        CallerRun caller = call("uac-call.xml", "tcpboth", Transport.TCP, "-key", "rr", "1");

        assertSucceeded(caller);
        assertThat(only(finished(callee).receivedRequests("INVITE")).all("Record-Route")).hasSize(1);
    }

    @Test
    void callerCancelsARingingCallAndTheCalleeGetsTheCancel() throws Exception {
        SippAgent callee = callee(0, "cancelled", "1.0", Behaviour.SILENT, Transport.UDP);

        CallerRun caller = call("uac-cancel.xml", "cancelled", Transport.UDP);

        assertSucceeded(caller);
        SipTrace trace = finished(callee);
        assertThat(trace.receivedRequests("CANCEL")).hasSize(1);
        assertThat(trace.sentResponses()).extracting(Traced::status).contains(487);
        assertThat(trace.receivedRequests("ACK")).as("the proxy ACKs the 487 hop by hop").hasSize(1);
        assertThat(finalResponses(caller.trace(), "INVITE")).containsExactly(487);
    }

    // ---------------------------------------------------------------- forking by q

    @Test
    void firstAnswerAmongEqualQWinsAndTheOtherBranchIsCancelledWhileLowerQIsNeverTried() throws Exception {
        SippAgent answers = callee(0, "forkwin", "1.0", Behaviour.ANSWER, Transport.UDP);
        SippAgent rings = callee(1, "forkwin", "1.0", Behaviour.SILENT, Transport.UDP);
        SippAgent lower = callee(2, "forkwin", "0.5", Behaviour.ANSWER, Transport.UDP);

        CallerRun caller = call("uac-call.xml", "forkwin", Transport.UDP, "-key", "rr", "1");

        assertSucceeded(caller);
        assertThat(finalResponses(caller.trace(), "INVITE")).containsExactly(200);
        assertThat(finished(answers).receivedRequests("INVITE")).hasSize(1);
        SipTrace cancelled = finished(rings);
        assertThat(cancelled.receivedRequests("CANCEL")).hasSize(1);
        assertThat(cancelled.sentResponses()).extracting(Traced::status).contains(487);
        assertThat(lower.stop().successful()).as("still registered, never called").isZero();
        assertThat(lower.trace().receivedRequests("INVITE")).isEmpty();
    }

    @Test
    void whenEveryContactOfTheHighestQIsBusyTheNextLowerQIsTriedAndAnswers() throws Exception {
        SippAgent first = callee(0, "forkbusy", "1.0", Behaviour.BUSY, Transport.UDP);
        SippAgent second = callee(1, "forkbusy", "1.0", Behaviour.BUSY, Transport.UDP);
        SippAgent lower = callee(2, "forkbusy", "0.5", Behaviour.ANSWER, Transport.UDP);

        CallerRun caller = call("uac-call.xml", "forkbusy", Transport.UDP, "-key", "rr", "1");

        assertSucceeded(caller);
        assertThat(finalResponses(caller.trace(), "INVITE")).as("the 486s stay in the proxy").containsExactly(200);
        SipTrace busy1 = finished(first);
        SipTrace busy2 = finished(second);
        SipTrace answered = finished(lower);
        Traced invite = only(answered.receivedRequests("INVITE"));
        // Two sipp processes stamp the 486's send and the INVITE's receipt: a proxy that answers at once can make
        // them cross by microseconds. A parallel fork would be the busy callees' 200 ms pause early.
        Duration crossing = Duration.ofMillis(20);
        assertThat(invite.time()).as("the lower q is tried only once the whole group has failed")
                .isAfterOrEqualTo(busyAnswer(busy1).time().minus(crossing))
                .isAfterOrEqualTo(busyAnswer(busy2).time().minus(crossing));
        assertThat(busy1.receivedRequests("INVITE")).hasSize(1);
        assertThat(busy2.receivedRequests("INVITE")).hasSize(1);
    }

    @Test
    void aDeclineEndsTheCallWith603CancelsTheGroupAndNoLowerQIsTried() throws Exception {
        SippAgent declines = callee(0, "fork603", "1.0", Behaviour.DECLINE, Transport.UDP);
        SippAgent rings = callee(1, "fork603", "1.0", Behaviour.SILENT, Transport.UDP);
        SippAgent lower = callee(2, "fork603", "0.5", Behaviour.ANSWER, Transport.UDP);

        CallerRun caller = call("uac-call-rejected.xml", "fork603", Transport.UDP,
                "-key", "code", "603", "-key", "max_forwards", "70");

        assertSucceeded(caller);
        assertThat(finalResponses(caller.trace(), "INVITE")).containsExactly(603);
        assertThat(finished(declines).receivedRequests("INVITE")).hasSize(1);
        assertThat(finished(rings).receivedRequests("CANCEL")).hasSize(1);
        assertThat(lower.stop().successful()).as("still registered, never called").isZero();
        assertThat(lower.trace().receivedRequests("INVITE")).isEmpty();
    }

    /**
     * RFC 3326: the CANCEL a proxy sends to the branches it gives up says why, so that a phone that rang does not
     * show a missed call: {@code Reason: SIP;cause=200;text="Call completed elsewhere"} when another branch answered,
     * {@code Reason: SIP;cause=603} when one declined (Kamailio's tm does both by default).
     */
    @Test
    void theCancelOfABranchGivenUpSaysWhyInAReasonHeader() throws Exception {
        SippAgent answers = callee(0, "reason200", "1.0", Behaviour.ANSWER, Transport.UDP);
        SippAgent rings = callee(1, "reason200", "1.0", Behaviour.SILENT, Transport.UDP);
        assertSucceeded(call("uac-call.xml", "reason200", Transport.UDP, "-key", "rr", "1"));
        finished(answers);
        assertThat(only(finished(rings).receivedRequests("CANCEL")).all("Reason"))
                .as("Reason of the CANCEL when another branch answered").singleElement().asString()
                .contains("cause=200");

        SippAgent declines = callee(0, "reason603", "1.0", Behaviour.DECLINE, Transport.UDP);
        SippAgent ringsToo = callee(1, "reason603", "1.0", Behaviour.SILENT, Transport.UDP);
        assertSucceeded(call("uac-call-rejected.xml", "reason603", Transport.UDP,
                "-key", "code", "603", "-key", "max_forwards", "70"));
        finished(declines);
        assertThat(only(finished(ringsToo).receivedRequests("CANCEL")).all("Reason"))
                .as("Reason of the CANCEL when another branch declined").singleElement().asString()
                .contains("cause=603");
    }

    // ---------------------------------------------------------------- MESSAGE and failures

    @Test
    void messageIsDeliveredWithoutRecordRouteAndAnswered200() throws Exception {
        SippAgent callee = callee(0, "messaged", "1.0", Behaviour.MESSAGE, Transport.UDP);

        CallerRun caller = call("uac-message.xml", "messaged", Transport.UDP,
                "-key", "code", "200", "-key", "max_forwards", "70");

        assertSucceeded(caller);
        Traced message = only(finished(callee).receivedRequests("MESSAGE"));
        assertThat(message.all("Record-Route")).isEmpty();
        assertThat(message.all("Via")).hasSize(2);
    }

    @Test
    void inviteAndMessageForAnUnknownUserAreAnswered404() throws Exception {
        assertSucceeded(call("uac-call-rejected.xml", "nobody", Transport.UDP,
                "-key", "code", "404", "-key", "max_forwards", "70"));
        assertSucceeded(call("uac-message.xml", "nobody", Transport.UDP,
                "-key", "code", "404", "-key", "max_forwards", "70"));
        assertSucceeded(call("uac-call-rejected.xml", "nobody", Transport.TCP,
                "-key", "code", "404", "-key", "max_forwards", "70"));
    }

    @Test
    void requestsWithMaxForwardsZeroAreAnswered483AndNotRelayed() throws Exception {
        SippAgent callee = callee(0, "hops", "1.0", Behaviour.MESSAGE, Transport.UDP);

        assertSucceeded(call("uac-call-rejected.xml", "hops", Transport.UDP,
                "-key", "code", "483", "-key", "max_forwards", "0"));
        assertSucceeded(call("uac-message.xml", "hops", Transport.UDP,
                "-key", "code", "483", "-key", "max_forwards", "0"));

        assertThat(callee.stop().successful()).isZero();
        assertThat(callee.trace().messages()).extracting(Traced::method).containsOnly("REGISTER");
    }

    // ---------------------------------------------------------------- the UAs

    /**
     * A callee: sipp on callee host {@code index} registers {@code user} with this q through the proxy, then does what
     * {@code behaviour} says with the request the proxy brings. Returns once the registration is acknowledged.
     */
    protected SippAgent callee(int index, String user, String q, Behaviour behaviour, Transport transport)
            throws Exception {
        String host = calleeHosts().get(index);
        SippAgent agent = SippAgent.start("callee " + user + "@" + host,
                dir.resolve("callee-" + agents.size() + "-" + host),
                List.of("-sf", scenario("uas-register.xml"), "-oocsf", scenario(behaviour.scenario),
                        "-key", "user", user, "-key", "q", q, "-key", "expires", "300",
                        "-t", transport.flag, "-m", "1", "-i", host, "-p", "5060", "-ci", host,
                        "-recv_timeout", "10000", target()));
        agents.add(agent);
        return agent.awaitLog("registered", REGISTERED);
    }

    /** Runs one caller scenario to its end against {@code user} at the proxy. */
    protected CallerRun call(String scenario, String user, Transport transport, String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("-sf", scenario(scenario), "-s", user, "-t", transport.flag,
                "-m", "1", "-i", callerHost(), "-p", "5060", "-ci", callerHost(), "-recv_timeout", "10000"));
        args.addAll(List.of(keys));
        args.add(target());
        SippAgent agent = SippAgent.start("caller " + scenario + " -> " + user,
                dir.resolve("caller-" + agents.size() + "-" + scenario.replace(".xml", "")), args);
        agents.add(agent);
        return new CallerRun(agent.awaitExit(FINISHED), agent.trace());
    }

    /** Waits for a callee's behaviour to finish and its binding to be removed; returns its trace. */
    private static SipTrace finished(SippAgent callee) throws Exception {
        callee.awaitLog("done", FINISHED);
        Sipp.Result result = callee.awaitExit(FINISHED);
        assertThat(result.successful()).as(result.output()).isEqualTo(1);
        return callee.trace();
    }

    private static void assertSucceeded(CallerRun caller) {
        Sipp.Result result = caller.result();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.successful()).as(result.output()).isEqualTo(1);
        assertThat(result.failed()).as(result.output()).isZero();
    }

    private static List<Integer> finalResponses(SipTrace trace, String method) {
        return trace.receivedResponses().stream().filter(m -> m.method().equals(method) && m.status() >= 200)
                .map(Traced::status).distinct().toList();
    }

    private static Traced busyAnswer(SipTrace trace) {
        return trace.sentResponses().stream().filter(m -> m.status() == 486).findFirst()
                .orElseThrow(() -> new AssertionError("no 486 sent: " + trace.messages()));
    }

    private static Traced only(List<Traced> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private String target() {
        return proxy().getAddress().getHostAddress() + ":" + proxy().getPort();
    }

    private static String scenario(String file) throws URISyntaxException {
        return Path.of(ProxyScenarios.class.getResource("/sipp/proxy/" + file).toURI()).toString();
    }
}
