package dev.locus.registrar.location;

import dev.locus.registrar.Binding;
import dev.locus.registrar.Bindings;
import dev.locus.registrar.LocationStats;
import dev.locus.registrar.LocationUnavailableException;
import dev.locus.registrar.NewBinding;
import dev.locus.registrar.Usrloc;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link Usrloc} over the location store: what Kamailio's ul_rpc does over its hash table. */
public final class LocationTable implements Usrloc {

    private static final long STORE_TIMEOUT_SECONDS = 5;

    private final LocationStore store;
    private final InstantSource clock;
    private final boolean useDomain;
    private final RuidGenerator ruids;

    public LocationTable(LocationStore store, InstantSource clock, boolean useDomain, RuidGenerator ruids) {
        this.store = store;
        this.clock = clock;
        this.useDomain = useDomain;
        this.ruids = ruids;
    }

    @Override
    public String aorKey(String typed) {
        return AddressOfRecord.normalise(typed, useDomain);
    }

    @Override
    public List<Binding> lookup(String aor) {
        return store.lookup(aor, now());
    }

    @Override
    public List<Bindings> dump() {
        return store.snapshot(now()).toList();
    }

    @Override
    public LocationStats stats() {
        return store.stats(now());
    }

    @Override
    public void add(NewBinding b) {
        long now = now();
        Binding binding = new Binding(b.aor(), ruids.next(), b.contact(), b.received(), b.path(), b.callId(), 1,
                b.expiresIn() == 0 ? Binding.PERMANENT : now + b.expiresIn(), b.q(), b.flags(), b.cflags(),
                b.userAgent(), b.socket(), b.methods(), "", 0, now);
        apply(b.aor(), new PutBinding(now, binding));
    }

    @Override
    public void removeAor(String aor) {
        apply(aor, new RemoveAor(now()));
    }

    @Override
    public ContactRemoval removeContact(String aor, String contact) {
        ChangeResult result = apply(aor, new RemoveContact(now(), contact));
        if (result.status() != ChangeStatus.IGNORED) {
            return ContactRemoval.REMOVED;
        }
        return result.current().isEmpty() ? ContactRemoval.NO_SUCH_AOR : ContactRemoval.NO_SUCH_CONTACT;
    }

    /**
     * Bounded as REGISTER is: an RPC thread waiting on an unreachable owner would otherwise wait for Hazelcast
     * (until the member is dropped, or its 60 s call timeout), and retried calls would pile up behind it.
     */
    private ChangeResult apply(String aor, BindingChange change) {
        try {
            return store.apply(aor, change).toCompletableFuture().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocationUnavailableException("interrupted", e);
        } catch (ExecutionException | CompletionException | TimeoutException e) {
            throw new LocationUnavailableException("location store unavailable", e);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
