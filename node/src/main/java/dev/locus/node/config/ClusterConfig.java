package dev.locus.node.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * The Hazelcast member of this node.
 *
 * @param name        cluster name: members with another name never join
 * @param bindAddress address the member listens on
 * @param port        member port
 * @param members     other members' host[:port]; empty runs a single member
 */
public record ClusterConfig(String name, String bindAddress, int port, List<String> members) {

    public ClusterConfig {
        members = List.copyOf(members);
    }

    /**
     * The members this cluster is meant to have when they are listed: the list, plus this node when it is not on
     * it (as {@code bind_address} or {@code bind_address:port}). Empty when none are listed.
     */
    public OptionalInt expectedMembers() {
        if (members.isEmpty()) {
            return OptionalInt.empty();
        }
        boolean listed = members.stream().map(String::trim)
                .anyMatch(m -> m.equals(bindAddress) || m.equals(bindAddress + ":" + port)
                        || m.equals("[" + bindAddress + "]:" + port));
        return OptionalInt.of(members.size() + (listed ? 0 : 1));
    }
}
