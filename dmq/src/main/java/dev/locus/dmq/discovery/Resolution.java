package dev.locus.dmq.discovery;

import dev.locus.dmq.DmqUri;

import java.util.List;

/** One asking of the discovery name: what it answered, or that it could not be asked. */
public sealed interface Resolution {

    /** The server answered: the nodes the name stands for, empty when it has no records (or does not exist). */
    record Answer(List<DmqUri> nodes) implements Resolution {
        public Answer {
            nodes = List.copyOf(nodes);
        }
    }

    /** No usable answer: a timeout, a network error, SERVFAIL, REFUSED. */
    record Failure(String reason) implements Resolution {
    }
}
