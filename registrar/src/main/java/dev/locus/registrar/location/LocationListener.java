package dev.locus.registrar.location;

/** Hears every change a store made, once, on the node that made it. Must return quickly and never block. */
@FunctionalInterface
public interface LocationListener {

    LocationListener NONE = (cause, result) -> { };

    /** @param cause the change that was applied, so that a listener can tell where it came from */
    void onChange(BindingChange cause, ChangeResult result);
}
