package dev.locus.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a node has started, stopped in the reverse order; an error stopping one part does not stop the rest. */
final class Started implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Started.class);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** @return {@code part}, to be stopped before everything started earlier */
    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                log.warn("error while stopping {}", e.toString(), e);
            }
        }
    }
}
