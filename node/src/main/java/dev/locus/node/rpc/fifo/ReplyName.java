package dev.locus.node.rpc.fifo;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request's {@code reply_name}: the name of the FIFO, in {@code fifo_reply_dir}, the answer is written to. Only a
 * plain file name is taken, so a request cannot make the node write elsewhere: no {@code /}, no {@code \}, no
 * {@code ..}, not {@code .} alone, no control characters, at most 127 bytes with the directory (jsonrpcs' limit is
 * 128 with its NUL). jsonrpcs refuses every {@code .}; one is accepted here because kamcli's own default name
 * ({@code kamailio_rpc_reply.fifo}) has one.
 */
final class ReplyName {

    private static final int MAX_PATH_BYTES = 127;
    private static final Pattern LENIENT = Pattern.compile("\"reply_name\"\\s*:\\s*\"([^\"\\\\]{1,127})\"");

    private ReplyName() {
    }

    static Optional<String> of(JsonNode document) {
        if (!document.isObject()) {
            return Optional.empty();
        }
        JsonNode name = document.get("reply_name");
        return name != null && name.isTextual() ? Optional.of(name.textValue()) : Optional.empty();
    }

    /**
     * The reply name of a document that is not valid JSON, so that its sender hears why (as a parse error): the
     * first {@code "reply_name": "..."} without escapes in it. Still checked by {@link #resolve}.
     */
    static Optional<String> lenient(byte[] document) {
        Matcher m = LENIENT.matcher(new String(document, StandardCharsets.UTF_8));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** @return where to write the answer, or empty when the name is refused */
    static Optional<Path> resolve(Path replyDir, String name) {
        if (name.isEmpty() || name.equals(".") || name.contains("..") || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.empty();
        }
        Path path = replyDir.resolve(name);
        if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES
                || !replyDir.equals(path.getParent())) {
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
