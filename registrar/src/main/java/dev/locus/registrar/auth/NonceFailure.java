package dev.locus.registrar.auth;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** Counts one wrong response computed on a nonce, where its entry lives; answers the new count. */
record NonceFailure() implements EntryProcessor<String, String, Integer> {

    @Override
    public Integer process(Map.Entry<String, String> entry) {
        NonceRecord seen = NonceRecord.parse(entry.getValue());
        NonceRecord counted = new NonceRecord(seen.nc(), seen.request(), seen.failures() + 1);
        entry.setValue(counted.format());
        return counted.failures();
    }
}
