package dev.locus.node.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpcMethodsTest {

    private final RpcMethods methods = new RpcMethods();

    @Test
    void registeredMethodsAreFoundByName() {
        RpcMethod version = params -> JsonNodeFactory.instance.textNode("locus");
        methods.register("core.version", "Returns the version string of the server", version);
        assertThat(methods.find("core.version")).containsSame(version);
        assertThat(methods.find("core.versions")).isEmpty();
    }

    @Test
    void theSystemMethodsAreBuiltIn() {
        assertThat(methods.find("system.listMethods")).isPresent();
        assertThat(methods.find("system.methodHelp")).isPresent();
    }

    @Test
    void registeringANameTwiceFailsNamingIt() {
        methods.register("ul.dump", "Dump user location tables", params -> null);
        assertThatThrownBy(() -> methods.register("ul.dump", "again", params -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RPC method registered twice: ul.dump");
        assertThatThrownBy(() -> methods.register("system.listMethods", "mine", params -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatThrownBy(() -> methods.register(" ", "help", params -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
