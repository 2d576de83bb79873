package dev.locus.registrar;

/** Told of every replicable change this node makes (see {@link HtableChange}), after it is applied. */
@FunctionalInterface
public interface HtableListener {

    void onChange(HtableChange change);
}
