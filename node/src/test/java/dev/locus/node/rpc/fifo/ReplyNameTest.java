package dev.locus.node.rpc.fifo;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyNameTest {

    private static final Path DIR = Path.of("/tmp/");

    @Test
    void aPlainFileNameIsResolvedInTheReplyDirectory() {
        assertThat(ReplyName.resolve(DIR, "kamailio_rpc_reply.fifo")).contains(Path.of("/tmp/kamailio_rpc_reply.fifo"));
        assertThat(ReplyName.resolve(DIR, "kamcli_reply")).contains(Path.of("/tmp/kamcli_reply"));
    }

    @Test
    void anythingThatCouldLeaveTheDirectoryIsRefused() {
        for (String name : new String[] {"", ".", "..", "../etc/passwd", "a/b", "/etc/passwd", "a\\b", "x..y",
                "a\nb", "a\u0000b", "x".repeat(200)}) {
            assertThat(ReplyName.resolve(DIR, name)).as(name).isEmpty();
        }
    }

    @Test
    void theNameIsReadFromAnObjectOrFromMalformedText() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(ReplyName.of(json.readTree("{\"reply_name\": \"r1\"}"))).contains("r1");
        assertThat(ReplyName.of(json.readTree("{\"reply_name\": 5}"))).isEmpty();
        assertThat(ReplyName.of(json.readTree("[{\"reply_name\": \"r1\"}]"))).isEmpty();
        assertThat(ReplyName.lenient("{\"method\": bad, \"reply_name\" : \"r2\"}".getBytes(StandardCharsets.UTF_8)))
                .contains("r2");
        assertThat(ReplyName.lenient("{\"method\": bad}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
