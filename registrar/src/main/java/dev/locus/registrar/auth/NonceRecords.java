package dev.locus.registrar.auth;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;

import java.util.concurrent.CompletionStage;

/** The shared map of nonce records, asked asynchronously so that a caller can bound how long it waits. */
public interface NonceRecords {

    CompletionStage<Integer> submit(String nonce, EntryProcessor<String, String, Integer> step);

    CompletionStage<String> get(String nonce);

    static NonceRecords of(IMap<String, String> map) {
        return new NonceRecords() {
            @Override
            public CompletionStage<Integer> submit(String nonce, EntryProcessor<String, String, Integer> step) {
                return map.submitToKey(nonce, step);
            }

            @Override
            public CompletionStage<String> get(String nonce) {
                return map.getAsync(nonce);
            }
        };
    }
}
