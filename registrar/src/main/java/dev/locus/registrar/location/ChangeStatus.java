package dev.locus.registrar.location;

/** What a {@link BindingChange} did to an address of record. */
public enum ChangeStatus {
    /** The change was applied (possibly changing nothing, e.g. removing an absent contact). */
    APPLIED,
    /** The change was recognised as stale or repeated and left the bindings as they were. */
    IGNORED,
    /** The change would break a limit of the AOR and was refused whole. */
    REFUSED
}
