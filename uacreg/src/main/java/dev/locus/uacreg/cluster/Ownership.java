package dev.locus.uacreg.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * Which trunks this node registers: those whose l_uuid falls in a partition this member owns, while the cluster
 * it sees holds at least {@code quorum} members. Ownership moves with Hazelcast's partitions, so a dead member's
 * trunks go to the members that promote its backups, and a graceful stop hands them over before leaving.
 */
public final class Ownership {

    private final HazelcastInstance hazelcast;
    private final TrunkMaps maps;
    private final IntSupplier quorum;

    /** @param quorum the members to see now (a majority follows the cluster's intended size as it changes) */
    public Ownership(HazelcastInstance hazelcast, TrunkMaps maps, IntSupplier quorum) {
        this.hazelcast = hazelcast;
        this.maps = maps;
        this.quorum = quorum;
    }

    public boolean running() {
        return hazelcast.getLifecycleService().isRunning();
    }

    public boolean hasQuorum() {
        return running() && hazelcast.getCluster().getMembers().size() >= quorum.getAsInt();
    }

    /** The rows this node should register now; none without quorum. */
    public Set<String> ownedKeys() {
        return hasQuorum() ? maps.rows().localKeySet() : Set.of();
    }

    /** This member's id, as a row added over RPC names the node holding its secrets. */
    public String localMemberId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /** Whether the member with this id is in the cluster this node sees. */
    public boolean isMember(String memberId) {
        return hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().toString().equals(memberId));
    }

    public String localMember() {
        return hazelcast.getCluster().getLocalMember().getAddress().toString();
    }

    /**
     * Calls {@code changed} whenever ownership may have moved: members come or go, partitions migrate.
     *
     * @return what stops the calls
     */
    public Runnable onChange(Runnable changed) {
        UUID members = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed.run();
            }
        });
        UUID migrations = hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
            }

            @Override
            public void migrationFinished(MigrationState state) {
                changed.run();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                changed.run();
            }
        });
        return () -> {
            hazelcast.getCluster().removeMembershipListener(members);
            hazelcast.getPartitionService().removeMigrationListener(migrations);
        };
    }
}
