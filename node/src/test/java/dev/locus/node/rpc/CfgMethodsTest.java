package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.registrar.LiveSettings;
import dev.locus.registrar.RuntimeSetting;
import dev.locus.registrar.RuntimeSettings;
import dev.locus.registrar.SettingsUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the HTTP tests cannot reach on a live node: a cluster that does not take a change. */
class CfgMethodsTest {

    private final ObjectMapper json = new ObjectMapper();

    private static final class Down implements LiveSettings {
        @Override
        public RuntimeSettings current() {
            return new RuntimeSettings(3600, 60, 0, 10);
        }

        @Override
        public void set(RuntimeSetting setting, long value) {
            throw new SettingsUnavailableException("the cluster did not answer in 5 s", new TimeoutException());
        }
    }

    private JsonNode call(String method, String params) throws Exception {
        RpcMethods methods = new RpcMethods();
        new CfgMethods(new Down()).registerIn(methods);
        return methods.find(method).orElseThrow().call(new Params(json.readTree(params)));
    }

    @Test
    void aClusterThatDoesNotTakeTheChangeIs500SayingSo() {
        assertThatThrownBy(() -> call("cfg.set", "[\"registrar\",\"max_contacts\",5]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("Failed to set the variable - the cluster did not answer");
                });
    }

    @Test
    void readingNeedsNoCluster() throws Exception {
        assertThat(call("cfg.get", "[\"registrar\",\"max_contacts\"]").asLong()).isEqualTo(10);
    }
}
