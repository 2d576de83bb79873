package dev.locus.uacreg.cluster;

import com.hazelcast.map.EntryProcessor;
import dev.locus.uacreg.TrunkStatus;

import java.util.Map;

/**
 * Writes a trunk's status unless a newer one is there: asynchronous writes retried across a partition migration
 * can arrive out of order, and the old owner's last write may land after the new owner's first.
 */
public record PublishStatus(TrunkStatus status) implements EntryProcessor<String, TrunkStatus, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, TrunkStatus> entry) {
        TrunkStatus current = entry.getValue();
        if (current != null && current.version() > status.version()) {
            return false;
        }
        entry.setValue(status);
        return true;
    }
}
