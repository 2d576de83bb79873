package dev.locus.dmq.discovery;

import dev.locus.dmq.DmqUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the discovery name stands for, as the node acts on it. DNS trouble is not a membership change: a failed or
 * empty answer keeps the last good set for up to {@code hold} (WARN once when it starts, INFO when DNS answers
 * again), and only then drops it. Leaving is for good, so a node takes itself out only after
 * {@link #ABSENT_ANSWERS_TO_LEAVE} successful answers in a row that list other nodes but not this one; failures in
 * between neither count nor break the row, an answer listing this node does.
 */
public final class DiscoveredNodes {

    /**
     * Three: one answer can come from a secondary server that has not caught up with the zone yet, or be cut short
     * (a UDP answer truncated by a resolver that drops the TC retry); two in a row can still straddle one zone
     * transfer. Three answers are two ping intervals (30 s at the default 15 s), well inside a registration.
     */
    public static final int ABSENT_ANSWERS_TO_LEAVE = 3;

    private static final Logger log = LoggerFactory.getLogger(DiscoveredNodes.class);

    private final DmqUri local;
    private final Duration hold;
    private final InstantSource clock;
    private Set<DmqUri> current = Set.of();
    private Optional<Instant> troubleSince = Optional.empty();
    private boolean dropped;
    /** Whether the last answer applied listed this node: only a listed node can be removed. */
    private boolean listed;
    private int absentInARow;

    /** What to act on after one asking of the name. */
    public record View(Set<DmqUri> nodes, boolean removed) {
        public View {
            nodes = Set.copyOf(nodes);
        }
    }

    public DiscoveredNodes(DmqUri local, Duration hold, InstantSource clock) {
        this.local = local;
        this.hold = hold;
        this.clock = clock;
    }

    /** The set acted on now. */
    public synchronized Set<DmqUri> current() {
        return current;
    }

    public synchronized View observe(Resolution resolution) {
        if (resolution instanceof Resolution.Answer answer && !answer.nodes().isEmpty()) {
            return answered(new LinkedHashSet<>(answer.nodes()));
        }
        String why = resolution instanceof Resolution.Failure failure ? failure.reason() : "no records";
        return troubled(why);
    }

    private View answered(Set<DmqUri> nodes) {
        if (troubleSince.isPresent()) {
            log.info("DNS answers again for the discovery name: {}", nodes);
            troubleSince = Optional.empty();
            dropped = false;
        }
        if (nodes.contains(local) || !listed) {
            absentInARow = 0;
            listed = nodes.contains(local);
            current = Set.copyOf(nodes);
            return new View(current, false);
        }
        absentInARow++;
        if (absentInARow < ABSENT_ANSWERS_TO_LEAVE) {
            log.warn("the discovery name answered without this node ({}), {} of {} answers before it leaves: {}",
                    local, absentInARow, ABSENT_ANSWERS_TO_LEAVE, nodes);
            return new View(current, false);
        }
        listed = false;
        current = Set.copyOf(nodes);
        return new View(current, true);
    }

    private View troubled(String why) {
        Instant now = clock.instant();
        if (troubleSince.isEmpty()) {
            troubleSince = Optional.of(now);
            log.warn("DNS discovery failed ({}): keeping the last {} node(s) for up to {} s", why, current.size(),
                    hold.toSeconds());
        }
        if (!dropped && Duration.between(troubleSince.get(), now).compareTo(hold) >= 0) {
            log.warn("DNS discovery still failing after {} s ({}): dropping the discovered nodes", hold.toSeconds(), why);
            dropped = true;
            current = Set.of();
        }
        return new View(current, false);
    }
}
