package dev.locus.node.health;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The database answers a validity check. Borrowing a connection can wait for the pool's whole connection timeout,
 * so the check runs on its own thread and a readiness request waits for it at most {@code WAIT}; a check still
 * running is joined, not started again, so a dead database costs one thread, not one per probe.
 */
public final class DatabaseProbe implements Probe {

    private static final long WAIT_MS = 2000;
    private static final int QUERY_SECONDS = 2;

    private final DataSource dataSource;
    private final ExecutorService thread;
    private final AtomicReference<CompletableFuture<Check>> running = new AtomicReference<>();

    public DatabaseProbe(DataSource dataSource, ExecutorService thread) {
        this.dataSource = dataSource;
        this.thread = thread;
    }

    @Override
    public Check check() {
        CompletableFuture<Check> check = running.updateAndGet(c -> c == null || c.isDone()
                ? CompletableFuture.supplyAsync(this::validate, thread) : c);
        try {
            return check.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Check.failing("database", "no answer within " + WAIT_MS + " ms");
        } catch (ExecutionException e) {
            return Check.failing("database", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.failing("database", "interrupted");
        }
    }

    /**
     * A query, not {@code isValid}: a connection whose socket died answers {@code isValid} false and goes back to
     * the pool as it was, while a failing query throws, and the pool drops the connection for it.
     */
    private Check validate() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_SECONDS);
            statement.execute("SELECT 1");
            return Check.ok("database", "reachable");
        } catch (Exception e) {
            // The driver's message can name the host, never the password; enough for an operator to act on.
            return Check.failing("database", "unreachable: " + e.getMessage());
        }
    }
}
