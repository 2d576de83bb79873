package dev.locus.node.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kamailio's jsonrpcs datagram transport ({@code dgram_socket}, for kamcli's {@code transport=socket}): a unix
 * datagram socket's path with its file mode ({@code dgram_mode}), or a loopback UDP address; neither = off.
 */
public record JsonrpcDgramConfig(Optional<Path> unixSocket, Optional<InetSocketAddress> udp,
                                 Set<PosixFilePermission> mode) {

    public JsonrpcDgramConfig {
        Objects.requireNonNull(unixSocket, "unixSocket");
        Objects.requireNonNull(udp, "udp");
        if (unixSocket.isPresent() && udp.isPresent()) {
            throw new IllegalArgumentException("one jsonrpcs datagram socket: a unix path or a UDP address");
        }
        mode = Set.copyOf(mode);
    }

    public boolean enabled() {
        return unixSocket.isPresent() || udp.isPresent();
    }
}
