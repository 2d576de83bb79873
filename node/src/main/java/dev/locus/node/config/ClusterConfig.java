package dev.locus.node.config;

import java.util.List;

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
}
