package dev.locus.node;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;

/**
 * Tells when this node's Hazelcast member ends without the node asking: Hazelcast terminates a member forcefully
 * on an OutOfMemoryError, and a cluster can be shut down from any member. A node without its member would serve
 * half (REGISTER answered 500, {@code ul.*} failing, {@code core.version} still answering), so the node stops
 * instead (see {@link LocusNode}). Registered in the member's configuration, so it sees the member from its start.
 */
final class MemberWatch implements LifecycleListener {

    private boolean expected;
    private boolean lost;
    private LifecycleState lostIn;
    private Runnable onLost;

    /** The node ends its member itself from now on (it stops, or leaves the cluster): not a loss. */
    synchronized void expectEnd() {
        expected = true;
    }

    /**
     * What to do, on a thread of its own, once the member is lost; at once if it already was (during start-up).
     */
    synchronized void onLost(Runnable action) {
        onLost = action;
        if (lost) {
            Threads.runOnce("locus-member-lost", action);
        }
    }

    synchronized LifecycleState lostIn() {
        return lostIn;
    }

    @Override
    public synchronized void stateChanged(LifecycleEvent event) {
        LifecycleState state = event.getState();
        boolean ending = state == LifecycleState.SHUTTING_DOWN || state == LifecycleState.SHUTDOWN;
        if (!ending || expected || lost) {
            return;
        }
        lost = true;
        lostIn = state;
        if (onLost != null) {
            // Hazelcast tells its listeners on the thread that is ending the member: never stop the node on it.
            Threads.runOnce("locus-member-lost", onLost);
        }
    }
}
