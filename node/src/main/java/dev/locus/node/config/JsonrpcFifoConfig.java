package dev.locus.node.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Kamailio's jsonrpcs FIFO transport (for kamcli): the FIFO's path (empty = off), its file mode (jsonrpcs'
 * {@code fifo_mode}), the only directory reply FIFOs may be in ({@code fifo_reply_dir}) and the largest request.
 */
public record JsonrpcFifoConfig(Optional<Path> fifo, Set<PosixFilePermission> mode, Path replyDir,
                                int maxRequestBytes) {

    public JsonrpcFifoConfig {
        Objects.requireNonNull(fifo, "fifo");
        Objects.requireNonNull(replyDir, "replyDir");
        mode = Set.copyOf(mode);
    }

    public boolean enabled() {
        return fifo.isPresent();
    }
}
