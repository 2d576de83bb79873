package dev.locus.registrar.auth;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * Records the use of a (nonce, nc) by a request, atomically where the nonce's entry lives, and answers what the
 * use was ({@link NonceCounts.Use#ordinal()}): one round trip, however many nodes race on the nonce. Deterministic,
 * so it is its own backup processor.
 */
record NonceUse(long nc, String request) implements EntryProcessor<String, String, Integer> {

    @Override
    public Integer process(Map.Entry<String, String> entry) {
        NonceRecord seen = NonceRecord.parse(entry.getValue());
        if (entry.getValue() != null && nc <= seen.nc()) {
            boolean again = nc == seen.nc() && request.equals(seen.request());
            return (again ? NonceCounts.Use.RETRANSMISSION : NonceCounts.Use.REPLAY).ordinal();
        }
        entry.setValue(new NonceRecord(nc, request, seen.failures()).format());
        return NonceCounts.Use.FIRST.ordinal();
    }
}
