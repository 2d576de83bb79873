package dev.locus.uacreg.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Run on every member after a reload (or a refresh): the member reads the secrets of the trunks it registers
 * again from the database, and registers afresh those whose secrets changed. The shared rows cannot tell, since
 * they hold nothing of the secrets; so each owner compares what it uses with what the table holds now. Only row
 * keys travel, both ways.
 */
public final class RecheckCredentials implements Callable<String[]>, HazelcastInstanceAware {

    /** The user-context key under which a running node's {@link Recheck} is found. */
    public static final String HANDLER = "locus.uacreg.recheck";

    /** What a node does when asked: returns the rows whose secrets changed. */
    public interface Recheck {
        Set<String> recheck(Optional<Collection<String>> keys);
    }

    private final List<String> keys;
    private transient HazelcastInstance hazelcast;

    /** @param keys the rows to check; null = every row the member registers */
    RecheckCredentials(List<String> keys) {
        this.keys = keys == null ? null : List.copyOf(keys);
    }

    Optional<Collection<String>> keys() {
        return Optional.ofNullable(keys);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    public String[] call() {
        // A member without uacreg (or not started yet) registers nothing: nothing to check.
        if (hazelcast == null || !(hazelcast.getUserContext().get(HANDLER) instanceof Recheck handler)) {
            return new String[0];
        }
        return handler.recheck(keys()).toArray(String[]::new);
    }
}
