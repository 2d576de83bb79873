package dev.locus.registrar.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Which branches a forked request takes and which answer goes back, as a pure function of the answers so far
 * (RFC 3261 §16.7, with Kamailio's {@code t_load_contacts()}/{@code t_next_contacts()} order): the groups of equal
 * q run one after another, the branches of a group in parallel; a 2xx is always forwarded and ends the search; a
 * 6xx ends it at once; once every branch of the last group has answered, the best final answer goes back. Not
 * thread-safe: one caller at a time (the proxy holds the transaction's lock).
 */
final class Forking {

    /** No answer from the branch in time: it counts as 408, ranked after any 4xx a UAS really sent. */
    static final int TIMED_OUT = 408;

    private enum State { WAITING, SENT, PROCEEDING, DONE }

    /**
     * What to do after an event.
     *
     * @param send    branches to send now
     * @param cancel  branches to CANCEL now (each has had a provisional answer)
     * @param forward whether the response that caused this step is passed upstream as it is (provisional, 2xx)
     * @param answer  the final answer to send upstream now, or {@link Answer#NONE}
     */
    record Step(List<Integer> send, List<Integer> cancel, boolean forward, Answer answer) {

        static final Step NOTHING = new Step(List.of(), List.of(), false, Answer.NONE);

        Step {
            send = List.copyOf(send);
            cancel = List.copyOf(cancel);
        }
    }

    /**
     * The final answer upstream: the response a branch received ({@code branch >= 0}), or one made here
     * ({@code status}) when no branch has one to give.
     */
    record Answer(int branch, int status) {

        static final Answer NONE = new Answer(-1, 0);

        static Answer of(int branch, int status) {
            return new Answer(branch, status);
        }

        static Answer local(int status) {
            return new Answer(-1, status);
        }

        boolean present() {
            return status != 0;
        }

        boolean isLocal() {
            return branch < 0;
        }
    }

    private final List<int[]> groups = new ArrayList<>();
    private final State[] states;
    private final int[] codes;
    private final boolean[] cancelWanted;
    private final boolean[] local;
    private int group = -1;
    private boolean answered;
    private boolean cancelled;
    private int best = -1;

    /** @param groupSizes how many branches each group has, in the order the groups are tried */
    Forking(List<Integer> groupSizes) {
        int index = 0;
        for (int size : groupSizes) {
            if (size <= 0) {
                throw new IllegalArgumentException("a group needs a branch");
            }
            int[] members = new int[size];
            for (int i = 0; i < size; i++) {
                members[i] = index++;
            }
            groups.add(members);
        }
        if (index == 0) {
            throw new IllegalArgumentException("nothing to fork to");
        }
        states = new State[index];
        codes = new int[index];
        cancelWanted = new boolean[index];
        local = new boolean[index];
        java.util.Arrays.fill(states, State.WAITING);
    }

    Step start() {
        return new Step(nextGroup(), List.of(), false, Answer.NONE);
    }

    /** A 101-199 answer on a branch (100 is hop by hop and never reaches here). */
    Step provisional(int branch) {
        if (states[branch] == State.DONE) {
            return Step.NOTHING;
        }
        boolean first = states[branch] == State.SENT;
        states[branch] = State.PROCEEDING;
        List<Integer> cancel = first && cancelWanted[branch] ? List.of(branch) : List.of();
        return new Step(List.of(), cancel, !answered, Answer.NONE);
    }

    /** The branch's transaction reached us with its first provisional answer of 100 (only CANCEL waits on it). */
    Step trying(int branch) {
        if (states[branch] != State.SENT) {
            return Step.NOTHING;
        }
        states[branch] = State.PROCEEDING;
        return new Step(List.of(), cancelWanted[branch] ? List.of(branch) : List.of(), false, Answer.NONE);
    }

    Step fin(int branch, int code) {
        if (states[branch] == State.DONE) {
            // A late 2xx (after the branch timed out) is still a session someone has to end: passed on.
            return new Step(List.of(), List.of(), code >= 200 && code < 300, Answer.NONE);
        }
        states[branch] = State.DONE;
        codes[branch] = code;
        if (code >= 200 && code < 300) {
            if (answered) {
                return new Step(List.of(), List.of(), true, Answer.NONE);
            }
            answered = true;
            return new Step(List.of(), cancelOthers(), true, Answer.NONE);
        }
        if (code >= 600 && !answered) {
            answered = true;
            return new Step(List.of(), cancelOthers(), false, Answer.of(branch, code));
        }
        remember(branch);
        return afterFailure();
    }

    /** The branch could not be sent at all (no socket for its transport, connection refused): a local 503. */
    Step unreachable(int branch) {
        if (states[branch] != State.SENT) {
            return Step.NOTHING;
        }
        states[branch] = State.DONE;
        codes[branch] = 503;
        local[branch] = true;
        remember(branch);
        return afterFailure();
    }

    /** No final answer in time: a branch that has answered provisionally is cancelled. */
    Step timeout(int branch) {
        if (states[branch] == State.DONE || states[branch] == State.WAITING) {
            return Step.NOTHING;
        }
        boolean proceeding = states[branch] == State.PROCEEDING;
        states[branch] = State.DONE;
        codes[branch] = TIMED_OUT;
        local[branch] = true;
        remember(branch);
        Step step = afterFailure();
        return proceeding ? new Step(step.send(), plus(step.cancel(), branch), step.forward(), step.answer()) : step;
    }

    /** The caller's CANCEL: every pending branch is cancelled and, unless answered already, 487 goes back. */
    Step cancelAll() {
        cancelled = true;
        List<Integer> cancel = cancelOthers();
        if (answered) {
            return new Step(List.of(), cancel, false, Answer.NONE);
        }
        answered = true;
        return new Step(List.of(), cancel, false, Answer.local(487));
    }

    boolean answered() {
        return answered;
    }

    /** Whether every branch that was sent has its final answer (the transaction's context can go). */
    boolean settled() {
        for (State s : states) {
            if (s == State.SENT || s == State.PROCEEDING) {
                return false;
            }
        }
        return answered;
    }

    private Step afterFailure() {
        if (answered || !groupDone()) {
            return Step.NOTHING;
        }
        if (!cancelled && group + 1 < groups.size()) {
            return new Step(nextGroup(), List.of(), false, Answer.NONE);
        }
        answered = true;
        return new Step(List.of(), List.of(), false, local[best] ? Answer.local(codes[best]) : Answer.of(best, codes[best]));
    }

    private boolean groupDone() {
        for (int b : groups.get(group)) {
            if (states[b] != State.DONE) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> nextGroup() {
        group++;
        List<Integer> send = new ArrayList<>();
        for (int b : groups.get(group)) {
            states[b] = State.SENT;
            send.add(b);
        }
        return send;
    }

    /** Pending branches that have had a provisional answer are cancelled now, the others on their first one. */
    private List<Integer> cancelOthers() {
        List<Integer> cancel = new ArrayList<>();
        for (int b = 0; b < states.length; b++) {
            if (states[b] == State.PROCEEDING) {
                cancel.add(b);
                cancelWanted[b] = false;
            } else if (states[b] == State.SENT) {
                cancelWanted[b] = true;
            }
        }
        return cancel;
    }

    private void remember(int branch) {
        if (best < 0 || rank(branch) < rank(best)) {
            best = branch;
        }
    }

    /**
     * Lower is better: Kamailio's {@code t_pick_branch} order (RFC 3261 §16.7 step 6). A 6xx first, then 3xx, 4xx,
     * 5xx; in a class the lower code; in 4xx the answers a caller can act on (401, 407, 415, 420, 484) first. A
     * branch that timed out ranks after every answer a UAS really sent (Kamailio with {@code faked_reply_prio}),
     * so a busy phone's 486 reaches the caller rather than the silent one's 408.
     */
    private int rank(int branch) {
        int code = codes[branch];
        int cls = code / 100;
        int xx = code % 100;
        int prio = switch (cls) {
            case 6 -> 1000 + xx;
            case 3 -> 3000 + xx;
            case 4 -> 4000 + switch (code) {
                case 401, 407, 415, 420, 484 -> xx;
                default -> 100 + xx;
            };
            case 5 -> 5000 + xx;
            default -> 10_000 + code;
        };
        return local[branch] ? prio + 20_000 : prio;
    }

    private static List<Integer> plus(List<Integer> list, int value) {
        List<Integer> copy = new ArrayList<>(list);
        copy.add(value);
        return copy;
    }
}
