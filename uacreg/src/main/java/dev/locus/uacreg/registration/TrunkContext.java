package dev.locus.uacreg.registration;

import dev.locus.uacreg.TrunkStatus;
import dev.locus.uacreg.trunk.CredentialsLookup;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every trunk registration of a node shares. {@code executor} is the one thread all trunks run on, so a
 * registration needs no locks; {@code active} is the global {@code uac.reg_active} switch. Time enters only through
 * {@code executor}, {@code clock} and {@code nanoTime}.
 *
 * @param defaultContactAddr host[:port][;params] for rows without contact_addr
 * @param nanoTime           monotonic time for the pacer
 * @param credentials        the trunks' secrets, read when a carrier challenges
 */
public record TrunkContext(TrunkExecutor executor, RegisterSender sender, SendPacer pacer,
                           Backoff backoff, InstantSource clock, LongSupplier nanoTime,
                           Consumer<TrunkStatus> publish, String owner, String defaultContactAddr,
                           BooleanSupplier active, Supplier<String> cnonces, Supplier<String> ids,
                           Duration maxRefreshMargin, CredentialsLookup credentials) {
}
