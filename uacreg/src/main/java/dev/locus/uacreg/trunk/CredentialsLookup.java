package dev.locus.uacreg.trunk;

import java.util.concurrent.CompletableFuture;

/** Where a trunk finds its secrets when a carrier challenges it: they are in no cluster map. */
public interface CredentialsLookup {

    /** Completes with the row's secrets, or fails with the reason the row then fails with. */
    CompletableFuture<Credentials> lookup(String lUuid);
}
