package dev.locus.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.node.support.RpcClient;
import dev.locus.node.support.Sipp;
import dev.locus.node.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Real sipp UAs (bench/sipp/register.xml, the benchmark's own scenario) against one node on 127.0.0.23. */
class SippIT {

    private static final String HOST = "127.0.0.23";
    private static final Path SCENARIO = Path.of("..", "bench", "sipp", "register.xml").toAbsolutePath().normalize();
    private static LocusNode node;
    private static RpcClient rpc;

    @BeforeAll
    static void startNode() {
        node = TestNodes.start(TestNodes.settings(HOST, 15723), Clock.systemUTC());
        rpc = new RpcClient(node.rpcAddress());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    private static Set<String> aorsWithPrefix(String prefix) throws Exception {
        Set<String> aors = new HashSet<>();
        for (JsonNode a : rpc.result("ul.dump", "brief").at("/Domains/0/Domain/AoRs")) {
            String aor = a.get("AoR").asText();
            if (aor.startsWith(prefix)) {
                aors.add(aor);
            }
        }
        return aors;
    }

    private static void registerUsers(String transport, String prefix, int users, Path dir) throws Exception {
        Path sipp = Sipp.require();
        Sipp.Result result = Sipp.run(sipp, dir, List.of("-sf", SCENARIO.toString(), "-t", transport,
                "-key", "user_prefix", prefix, "-key", "domain", "example.com", "-key", "expires", "3600",
                "-i", "127.0.0.1", "-p", "0", "-m", Integer.toString(users), "-r", "200", "-recv_timeout", "5000",
                HOST + ":5060"), 120);
        assertThat(result.failed()).as(result.output()).isZero();
        assertThat(result.successful()).isEqualTo(users);
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void distinctUsersRegisterOverUdpWithoutFailureAndUlDumpHoldsExactlyThem(@TempDir Path dir) throws Exception {
        registerUsers("u1", "sippudp", 500, dir);
        Set<String> aors = aorsWithPrefix("sippudp");
        assertThat(aors).hasSize(500);
        for (String aor : aors) {
            assertThat(aor).matches("sippudp\\d+");
        }
    }

    @Test
    void distinctUsersRegisterOverTcpWithoutFailure(@TempDir Path dir) throws Exception {
        registerUsers("t1", "sipptcp", 200, dir);
        assertThat(aorsWithPrefix("sipptcp")).hasSize(200);
    }
}
