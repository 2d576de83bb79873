package dev.locus.uacreg.trunk;

import dev.locus.uacreg.UacregLoadException;
import dev.locus.uacreg.UacregRow;
import com.zaxxer.hikari.HikariDataSource;
import dev.locus.migrations.Migrations;
import dev.locus.migrations.testdb.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading a real uacreg table (migrated to Kamailio 5.6's schema): good rows become trunks, bad rows keep a reason. */
class JdbcUacregSourceIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    private static HikariDataSource dataSource;

    @BeforeAll
    static void migrate() throws Exception {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(DB.url());
        dataSource.setUsername(DB.user());
        dataSource.setPassword(DB.password());
        new Migrations(dataSource).migrate(false);
        DB.runScript("""
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
                  VALUES ('trunk_ok', 'trunkuser1', 'local.example', 'acme', 'carrier.example', 'carrier.example', 'acme', 'secret', '', 'sip:127.0.0.21:5060', 60, 0, 0, '', 'udp:127.0.0.22:5060');
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
                  VALUES ('trunk_noproxy', 'trunkuser2', 'local.example', 'acme2', 'carrier.example', '', 'acme2', 'secret', '', '', 60, 0, 0, '', '');
                INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket)
                  VALUES ('trunk_disabled', 'trunkuser3', 'local.example', 'acme3', 'carrier.example', '', 'acme3', '', 'D41D8CD98F00B204E9800998ECF8427E', 'sip:127.0.0.21', 60, 1, 5, '127.0.0.22:5070', '');
                """);
    }

    @Test
    void goodRowsBecomeTrunksAndBadRowsKeepTheirReason() {
        List<TrunkLoad> loads = new JdbcUacregSource(dataSource).rows().stream().map(TrunkRules::load).toList();
        assertThat(new JdbcUacregSource(dataSource).rows()).extracting(UacregRow::key).containsExactly("trunk_ok", "trunk_noproxy", "trunk_disabled");
        Trunk ok = ((TrunkLoad.Valid) loads.get(0)).trunk();
        assertThat(ok.socket()).isEqualTo("udp:127.0.0.22:5060");
        assertThat(ok.registers()).isTrue();
        assertThat(((TrunkLoad.Invalid) loads.get(1)).reason()).isEqualTo("empty value not allowed for column 'auth_proxy'");
        Trunk disabled = ((TrunkLoad.Valid) loads.get(2)).trunk();
        assertThat(disabled.disabled()).isTrue();
        assertThat(disabled.ha1()).isTrue();
        assertThat(new JdbcUacregSource(dataSource).credentials("trunk_disabled").orElseThrow().secret())
                .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(new JdbcUacregSource(dataSource).allCredentials()).containsOnlyKeys("trunk_ok", "trunk_noproxy",
                "trunk_disabled");
        assertThat(new JdbcUacregSource(dataSource).credentials("nosuch")).isEmpty();
        assertThat(new JdbcUacregSource(dataSource).credentials(List.of("trunk_ok", "trunk_disabled", "nosuch")))
                .containsOnlyKeys("trunk_ok", "trunk_disabled");
        assertThat(disabled.contactAddr()).isEqualTo("127.0.0.22:5070");
    }

    @Test
    void anotherTableVersionLoadsNothingAndSaysWhy() throws Exception {
        DB.runScript("UPDATE version SET table_version = 6 WHERE table_name = 'uacreg';");
        try {
            assertThatThrownBy(() -> new JdbcUacregSource(dataSource).rows())
                    .isInstanceOf(UacregLoadException.class)
                    .hasMessageContaining("uacreg table version is 6, expected 5");
        } finally {
            DB.runScript("UPDATE version SET table_version = 5 WHERE table_name = 'uacreg';");
        }
    }
}
