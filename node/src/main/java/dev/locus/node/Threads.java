package dev.locus.node;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The node's one way of naming threads: every module gets it to name what it starts. */
final class Threads {

    private Threads() {
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ...: a stopping node never waits on a pool it forgot. */
    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One job on a named daemon thread of its own. */
    static void runOnce(String name, Runnable job) {
        named(name).newThread(job).start();
    }
}
