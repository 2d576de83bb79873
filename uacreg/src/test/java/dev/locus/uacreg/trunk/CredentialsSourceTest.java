package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregLoadException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a node finds trunk secrets: the table when challenged, kept while in use, re-read on reload. */
class CredentialsSourceTest {

    /** The uacreg table's secrets; reads fail while {@link #down} is set. */
    private final Map<String, Credentials> table = new HashMap<>();
    private boolean down;
    private int reads;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));

    private final CredentialsReader reader = new CredentialsReader() {
        @Override
        public Optional<Credentials> credentials(String lUuid) {
            check();
            return Optional.ofNullable(table.get(lUuid));
        }

        @Override
        public Map<String, Credentials> allCredentials() {
            check();
            return Map.copyOf(table);
        }

        @Override
        public Map<String, Credentials> credentials(java.util.Collection<String> lUuids) {
            check();
            Map<String, Credentials> found = new HashMap<>();
            lUuids.forEach(k -> {
                if (table.containsKey(k)) {
                    found.put(k, table.get(k));
                }
            });
            return found;
        }

        private void check() {
            reads++;
            if (down) {
                throw new UacregLoadException("cannot read uacreg credentials: Connection refused", null);
            }
        }
    };

    private final InstantSource clock = now::get;
    private final CredentialsSource source = new CredentialsSource(reader, Runnable::run, clock);

    private Credentials lookup(String lUuid) {
        return source.lookup(lUuid).join();
    }

    private String failure(String lUuid) {
        try {
            source.lookup(lUuid).join();
        } catch (CompletionException e) {
            return e.getCause().getMessage();
        }
        throw new AssertionError("the lookup of " + lUuid + " did not fail");
    }

    @Test
    void secretsAreReadOnceAndKeptWhileTheTrunkRunsHere() {
        table.put("t1", new Credentials("pw1", ""));
        assertThat(lookup("t1")).isEqualTo(new Credentials("pw1", ""));
        table.put("t1", new Credentials("changed-without-reload", ""));
        assertThat(lookup("t1")).as("as Kamailio: the table applies on reload").isEqualTo(new Credentials("pw1", ""));
        assertThat(reads).isEqualTo(1);
        source.forget("t1");
        assertThat(lookup("t1")).isEqualTo(new Credentials("changed-without-reload", ""));
    }

    @Test
    void aRecheckReportsTheRowsWhoseSecretsChangedAndUsesTheNewOnes() {
        table.put("t1", new Credentials("pw1", ""));
        table.put("t2", new Credentials("", "0123456789abcdef0123456789abcdef"));
        table.put("t3", new Credentials("pw3", ""));
        lookup("t1");
        lookup("t2");
        table.put("t1", new Credentials("pw1-new", ""));
        table.put("t3", new Credentials("pw3-new", ""));
        assertThat(source.recheck(Optional.empty())).as("t3 is not in use here").containsExactly("t1");
        assertThat(lookup("t1")).isEqualTo(new Credentials("pw1-new", ""));
        assertThat(source.recheck(Optional.empty())).as("nothing changed since").isEmpty();
        table.put("t2", new Credentials("", "ffffffffffffffffffffffffffffffff"));
        assertThat(source.recheck(Optional.of(List.of("t1")))).as("only the rows asked for").isEmpty();
        assertThat(source.recheck(Optional.of(List.of("t2")))).containsExactly("t2");
    }

    @Test
    void aRecheckWithTheDatabaseDownChangesNothing() {
        table.put("t1", new Credentials("pw1", ""));
        table.put("t2", new Credentials("pw2", ""));
        lookup("t1");
        lookup("t2");
        down = true;
        assertThatThrownBy(() -> source.recheck(Optional.empty())).isInstanceOf(UacregLoadException.class);
        assertThat(lookup("t1")).isEqualTo(new Credentials("pw1", ""));
    }

    @Test
    void aRowGoneFromTheTableOrADatabaseThatIsDownFailsTheLookupWithTheReason() {
        assertThat(failure("nosuch")).isEqualTo(
                "credentials unavailable: no row nosuch in the uacreg table (reload the table)");
        table.put("t1", new Credentials("pw1", ""));
        down = true;
        assertThat(failure("t1")).isEqualTo("credentials unavailable: cannot read uacreg credentials: Connection refused");
        int afterFailure = reads;
        assertThat(failure("t1")).as("taken as down for a while: no read").isEqualTo(
                "credentials unavailable: database down");
        assertThat(reads).isEqualTo(afterFailure);
        down = false;
        now.set(now.get().plus(CredentialsSource.DOWN_PAUSE));
        assertThat(lookup("t1")).isEqualTo(new Credentials("pw1", ""));
    }

    @Test
    void secretsGivenOverRpcAreHeldHereWinOverTheTableAndGoOnlyWithTheirOwnToken() {
        table.put("t1", new Credentials("from-table", ""));
        CredentialsSource.Held first = source.hold("t1", new Credentials("from-rpc", ""));
        assertThat(lookup("t1")).isEqualTo(new Credentials("from-rpc", ""));
        assertThat(source.heldKeys()).containsExactly("t1");
        CredentialsSource.Held second = source.hold("t1", new Credentials("added-again", ""));
        source.release("t1", first);
        assertThat(source.held("t1")).contains(new Credentials("added-again", ""));
        source.release("t1", second);
        assertThat(source.heldKeys()).isEmpty();
        assertThat(lookup("t1")).isEqualTo(new Credentials("from-table", ""));
        assertThat(reads).as("held secrets never come from the table").isEqualTo(1);
    }

    @Test
    void anAddRefusedAsADuplicateLeavesTheExistingRowsSecrets() {
        source.hold("t1", new Credentials("first", ""));
        CredentialsSource.Held refused = source.hold("t1", new Credentials("duplicate", ""));
        source.withdraw("t1", refused);
        assertThat(source.held("t1")).contains(new Credentials("first", ""));
        CredentialsSource.Held alone = source.hold("t2", new Credentials("dup-of-a-table-row", ""));
        source.withdraw("t2", alone);
        assertThat(source.heldKeys()).containsExactly("t1");
    }

    @Test
    void aRowGoneFromTheTableKeepsItsSecretsForItsUnregister() {
        table.put("t1", new Credentials("pw1", ""));
        lookup("t1");
        table.remove("t1");
        assertThat(source.recheck(Optional.empty())).isEmpty();
        assertThat(lookup("t1")).isEqualTo(new Credentials("pw1", ""));
    }

    @Test
    void trunksStartingHereHaveTheirSecretsReadInOneQueryBeforeTheirChallenges() {
        for (int i = 0; i < 50; i++) {
            table.put("t" + i, new Credentials("pw" + i, ""));
        }
        source.hold("t0", new Credentials("held", ""));
        List<String> starting = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            starting.add("t" + i);
        }
        source.prefetch(starting);
        assertThat(reads).isEqualTo(1);
        for (int i = 1; i < 50; i++) {
            assertThat(lookup("t" + i)).isEqualTo(new Credentials("pw" + i, ""));
        }
        assertThat(lookup("t0")).isEqualTo(new Credentials("held", ""));
        assertThat(reads).as("no read per challenge").isEqualTo(1);
        source.prefetch(starting);
        assertThat(reads).as("nothing left to read").isEqualTo(1);
    }

    @Test
    void neitherSecretEverShowsInText() {
        assertThat(new Credentials("hunter2", "0123456789abcdef0123456789abcdef").toString())
                .doesNotContain("hunter2").doesNotContain("0123456789abcdef");
    }
}
