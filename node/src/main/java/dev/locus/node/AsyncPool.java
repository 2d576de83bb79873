package dev.locus.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ForkJoinPool;

/**
 * The JDK's common pool, where Hazelcast completes every asynchronous map operation (its futures hand the result
 * on with {@code whenCompleteAsync} on the common pool). With a parallelism below 2 (the JDK's default on a
 * 2-core machine: cores - 1) CompletableFuture and Hazelcast fall back to a new thread per task: one thread
 * started and ended per REGISTER, which held a node at a fifth of its rate on 2 cores (JFR: as many ThreadStart
 * events as REGISTERs).
 */
final class AsyncPool {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final Logger log = LoggerFactory.getLogger(AsyncPool.class);

    private AsyncPool() {
    }

    /** Before anything uses the common pool: its parallelism is read once, when it is first used. */
    static void ensureParallelism() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    /** Says so when the pool came out below 2 all the same (set lower, or used before {@link #ensureParallelism}). */
    static void warnIfThreadPerTask() {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            log.warn("the common pool's parallelism is {}: every asynchronous Hazelcast operation starts a thread of "
                    + "its own; run with -D{}=2 or more", ForkJoinPool.getCommonPoolParallelism(), PARALLELISM);
        }
    }
}
