package dev.locus.node.fuzz;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the node logged while it was fuzzed, sorted into expected and unexpected lines. The node's layout is
 * {@code HH:mm:ss.SSS LEVEL [thread] logger [callId] [aor] - message} (its {@code logback.xml}).
 *
 * <p>Expected, because the README promises exactly these for malformed input, each bounded:
 * <ul>
 *   <li>TRACE, DEBUG and INFO lines that do not mention an exception or error;</li>
 *   <li>WARN and ERROR lines of logger {@code gov.nist.javax.sip}: the SIP stack's reports of what a peer sent or
 *       did (a parse error, malformed mandatory headers on a TCP connection it then closes, a connection the peer
 *       closed before the answer), which {@code Slf4jStackLogger} cuts to 200 characters and lets through at most
 *       10 per 10 s, and its count of the lines it held back; unless the line names a {@code java.lang} exception or
 *       error (a null pointer, an index out of bounds...): that is the stack failing, not refusing;</li>
 *   <li>WARN {@code ... larger than sip.max_message_size refused} / {@code ... dropped} of the dispatcher: at
 *       most one line per 10 s, counting the oversized messages since the last;</li>
 *   <li>WARN {@code could not send NNN: javax.sip.SipException: ...} of the registrar's replies: an answer to a TCP
 *       peer whose connection is gone (closed by the peer, or by the stack after a malformed message in the same
 *       stream) and which listens nowhere else; at most one line per 10 s, counting the others.</li>
 * </ul>
 * Two {@code java.lang} exceptions of the stack are expected, defects of the RI 1.3.0-91 we cannot reach: a line
 * starting with three CRs on a TCP connection overruns an array in the RI's line reader, whose thread dies and closes
 * the connection (WARN {@code SIP TCP reader PipelineThread-N ended ...} of the node's uncaught-exception handler;
 * once the JIT has seen it often, the JVM throws it without message or stack, and the line names the class only);
 * and a defect of the RI 1.3.0-91 we cannot reach: a
 * a keep-alive ping (CRLF CRLF, RFC 5626) on a TCP connection before its first SIP message fails in the RI's pong
 * ({@code A problem occured while trying to send a single CLRF ...: NullPointerException}, the connection's
 * transport is not known yet); the pong is not sent, the connection serves on.
 *
 * <p>Unexpected: every other ERROR line, every other WARN line, an INFO or lower line naming an exception or error,
 * and every line that is not a log entry's first line (a stack trace, an uncaught exception printed by the JVM, or a
 * message that spilled over lines: log injection).
 */
public final class NodeLog {

    private static final Pattern ENTRY = Pattern.compile(
            "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[[^\\]]*\\] (\\S+) (.*)$");
    private static final Pattern INDEX = Pattern.compile("\\bfz(\\d{1,18})(?!\\d)");
    private static final Pattern EXCEPTION = Pattern.compile("(?i)exception|error");
    private static final Pattern JAVA_LANG = Pattern.compile("java\\.lang\\.\\w*(Exception|Error)");
    private static final Pattern KEEPALIVE_DEFECT = Pattern.compile(
            " - A problem occured while trying to send a single CLRF in response to a double CLRF: "
                    + "java\\.lang\\.NullPointerException");
    private static final Pattern READLINE_DEFECT = Pattern.compile(" - SIP TCP reader PipelineThread-\\d+ ended, its "
            + "connection closed: java\\.lang\\.ArrayIndexOutOfBoundsException(: .* at "
            + "gov\\.nist\\.javax\\.sip\\.parser\\.PipelinedMsgParser\\.readLine\\(.*|)"
            + "( \\(\\d+ TCP readers ended since the last such line\\))?$");
    private static final Pattern UNDELIVERABLE = Pattern.compile(" - could not send \\d{3}: javax\\.sip\\.SipException: ");
    private static final Pattern OVERSIZE = Pattern.compile(
            " - \\S+ (response )?larger than sip\\.max_message_size (refused|dropped)"
                    + "( \\(\\d+ oversized messages since the last such line\\))?$");

    /** One unexpected line, with the fuzz message index its Call-ID names (-1 when it names none). */
    public record Unexpected(long index, String line) {
    }

    public record Scan(long bytes, long lines, long stackLines, long oversizeWarnings, long undeliverable, long readerDeaths,
                List<Unexpected> unexpected) {
    }

    private NodeLog() {
    }

    /** The log's current size: scan from here after the node has started. */
    public static long size(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            return file.length();
        }
    }

    public static Scan scan(Path log, long from) throws IOException {
        byte[] bytes;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            bytes = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        long lines = 0;
        long stack = 0;
        long oversize = 0;
        long undeliverable = 0;
        long readerDeaths = 0;
        List<Unexpected> unexpected = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            lines++;
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                unexpected.add(new Unexpected(index(line), line));
                continue;
            }
            String level = m.group(1);
            String logger = m.group(2);
            boolean expected = switch (level) {
                case "TRACE", "DEBUG", "INFO" -> !EXCEPTION.matcher(m.group(3)).find();
                default -> {
                    if (logger.equals("gov.nist.javax.sip")) {
                        stack++;
                        yield !JAVA_LANG.matcher(line).find() || KEEPALIVE_DEFECT.matcher(line).find();
                    }
                    if (level.equals("WARN") && logger.endsWith("SipDispatcher") && OVERSIZE.matcher(line).find()) {
                        oversize++;
                        yield true;
                    }
                    if (level.equals("WARN") && logger.endsWith("UncaughtExceptions") && READLINE_DEFECT.matcher(line).find()) {
                        readerDeaths++;
                        yield true;
                    }
                    if (level.equals("WARN") && logger.endsWith("sip.Replies") && UNDELIVERABLE.matcher(line).find()) {
                        undeliverable++;
                        yield true;
                    }
                    yield false;
                }
            };
            if (!expected) {
                unexpected.add(new Unexpected(index(line), line));
            }
        }
        return new Scan(bytes.length, lines, stack, oversize, undeliverable, readerDeaths, unexpected);
    }

    private static long index(String line) {
        Matcher m = INDEX.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
