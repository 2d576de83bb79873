package dev.locus.registrar;

/**
 * The registrar's {@link RuntimeSettings}, shared by the cluster: a change made on one node is in effect on every
 * node, and on a node that joins later; the whole cluster's restart returns to each node's configuration (as a
 * Kamailio restart forgets {@code cfg.set}).
 */
public interface LiveSettings {

    /** The values in effect: a volatile read, cheap enough for every REGISTER. */
    RuntimeSettings current();

    /**
     * Sets one value for the whole cluster; in effect on this node when it returns, on the others as soon as the
     * cluster tells them (milliseconds).
     *
     * @throws IllegalArgumentException      when the setting does not accept the value
     * @throws SettingsUnavailableException when the cluster does not take the change in time
     */
    void set(RuntimeSetting setting, long value);
}
