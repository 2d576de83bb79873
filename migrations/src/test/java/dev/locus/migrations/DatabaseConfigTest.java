package dev.locus.migrations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseConfigTest {

    private static DatabaseConfig withUrl(String url) {
        return new DatabaseConfig(url, "locus", "s3cret-field", 4, false, false);
    }

    @Test
    void aPasswordParameterOfTheUrlIsMasked() {
        assertThat(DatabaseConfig.maskSecrets("jdbc:mysql://db:3306/kamailio?user=locus&password=hunter2&useSSL=true"))
                .isEqualTo("jdbc:mysql://db:3306/kamailio?user=locus&password=****&useSSL=true");
    }

    @Test
    void theUserInfoPasswordOfTheUrlIsMasked() {
        assertThat(DatabaseConfig.maskSecrets("jdbc:mysql://locus:hunter2@db:3306/kamailio"))
                .isEqualTo("jdbc:mysql://locus:****@db:3306/kamailio");
    }

    @Test
    void aUserInfoPasswordHoldingAnAtSignIsMaskedWhole() {
        assertThat(DatabaseConfig.maskSecrets("jdbc:mariadb://locus:hun@ter2@db/kamailio")).doesNotContain("hun")
                .doesNotContain("ter2").endsWith("@db/kamailio");
    }

    @Test
    void everyHostOfAMultiHostUrlHasItsPasswordMasked() {
        assertThat(DatabaseConfig.maskSecrets("jdbc:mysql://a:pw1@db1:3306,b:pw2@db2:3306/kamailio"))
                .doesNotContain("pw1").doesNotContain("pw2").contains("db2:3306/kamailio");
    }

    @Test
    void otherPasswordPropertiesAndTheKeyValueHostFormAreMasked() {
        String masked = DatabaseConfig.maskSecrets("jdbc:mysql://address=(host=db)(user=locus)(password=hunter2)/k"
                + "?password1=p1&trustCertificateKeyStorePassword=p2");
        assertThat(masked).doesNotContain("hunter2").doesNotContain("p1&").doesNotEndWith("p2")
                .contains("(password=****)").contains("(host=db)");
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        String url = "jdbc:mysql://127.0.0.1:3306/kamailio?useSSL=false";
        assertThat(DatabaseConfig.maskSecrets(url)).isEqualTo(url);
    }

    @Test
    void theDescriptionShowsTheUrlMaskedAndNeverThePassword() {
        String text = withUrl("jdbc:mysql://locus:hunter2@db/kamailio?password=hunter3").toString();
        assertThat(text).doesNotContain("hunter2").doesNotContain("hunter3").doesNotContain("s3cret-field")
                .contains("url=jdbc:mysql://locus:****@db/kamailio?password=****");
    }
}
