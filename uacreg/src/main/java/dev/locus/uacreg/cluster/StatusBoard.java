package dev.locus.uacreg.cluster;

import dev.locus.uacreg.TrunkStatus;

import java.time.InstantSource;
import java.util.function.Consumer;

/** Publishes this node's trunk statuses, each stamped later than the one before it. Used by one thread. */
public final class StatusBoard implements Consumer<TrunkStatus> {

    private final TrunkMaps maps;
    private final InstantSource clock;
    private long last;

    public StatusBoard(TrunkMaps maps, InstantSource clock) {
        this.maps = maps;
        this.clock = clock;
    }

    @Override
    public void accept(TrunkStatus status) {
        last = Math.max(clock.millis(), last + 1);
        maps.status().submitToKey(status.lUuid(), new PublishStatus(status.withVersion(last)));
    }
}
