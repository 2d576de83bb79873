package dev.locus.node.rpc.binrpc;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** The file of a unix socket: made ready for binding, and restricted to those who may connect. */
final class UnixSocketFile {

    /** S_IFMT and S_IFSOCK of stat(2): which files are sockets. */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_FILE = 0140000;

    private UnixSocketFile() {
    }

    /**
     * Makes the way free to bind {@code path}: its directory is created when missing; a socket file left by a node
     * that died is removed (ctl removes it too); one that still answers belongs to a running process and is left
     * alone, and so is anything that is not a socket: both are errors.
     */
    static void prepare(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & FILE_TYPE_MASK) != SOCKET_FILE) {
            throw new IOException(path + " exists and is not a socket");
        }
        if (answers(path)) {
            throw new IOException(path + " is in use by another process");
        }
        Files.deleteIfExists(path);
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }

    /** Connecting needs write permission on the file: the mode says who may (ctl's {@code mode}, 0600). */
    static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        Files.setPosixFilePermissions(path, mode);
    }
}
