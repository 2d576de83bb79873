package dev.locus.registrar.registration;

import dev.locus.registrar.NatTest;
import dev.locus.registrar.RegistrarConfig;
import dev.locus.registrar.Binding;
import dev.locus.registrar.registration.Validation.Accepted;
import dev.locus.registrar.registration.Validation.Rejected;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterRulesTest {

    private static final long NOW = 1_800_000_000L;
    private final AtomicInteger ruid = new AtomicInteger();

    private RegisterRules rules(RegistrarConfig config) {
        return new RegisterRules(config, () -> "ruid-" + ruid.incrementAndGet());
    }

    private Validation validate(Messages m) {
        return rules(RegistrarConfig.DEFAULTS).validate(m.build(), NOW);
    }

    private static RegisterRequest accepted(Validation v) {
        assertThat(v).isInstanceOf(Accepted.class);
        return ((Accepted) v).request();
    }

    private static RegistrationError rejected(Validation v) {
        assertThat(v).isInstanceOf(Rejected.class);
        return ((Rejected) v).error();
    }

    @Test
    void aorIsTheLowerCasedUserWithoutDomainByDefault() {
        assertThat(accepted(validate(Messages.register())).aor()).isEqualTo("alice");
    }

    @Test
    void aorKeepsTheLowerCasedDomainWithUseDomain() {
        var config = new RegistrarConfig(Set.of(), true, 3600, 60, 0, 0, NatTest.KAMAILIO_DEFAULT);
        assertThat(accepted(rules(config).validate(Messages.register().build(), NOW)).aor())
                .isEqualTo("alice@example.com");
    }

    @Test
    void requestUriDomainNotServedIsForbidden() {
        var config = new RegistrarConfig(Set.of("Example.com"), false, 3600, 60, 0, 0, NatTest.KAMAILIO_DEFAULT);
        var v = rules(config).validate(Messages.register().requestUriHost("other.org").build(), NOW);
        assertThat(rejected(v)).isEqualTo(RegistrationError.DOMAIN_NOT_SERVED);
        assertThat(RegistrationError.DOMAIN_NOT_SERVED.status()).isEqualTo(403);
        assertThat(accepted(rules(config).validate(Messages.register().requestUriHost("EXAMPLE.com").build(), NOW)).aor())
                .isEqualTo("alice");
    }

    @Test
    void requireOfAnUnsupportedOptionIsBadExtensionListingIt() {
        var v = validate(Messages.register().require("path", "gruu", "outbound"));
        assertThat(rejected(v)).isEqualTo(RegistrationError.BAD_EXTENSION);
        assertThat(((Rejected) v).unsupported()).containsExactly("gruu", "outbound");
        assertThat(RegistrationError.BAD_EXTENSION.status()).isEqualTo(420);
    }

    @Test
    void requireOfPathIsAccepted() {
        accepted(validate(Messages.register().require("path")));
    }

    @Test
    void toWithATelUriIsBadRequest() {
        assertThat(rejected(validate(Messages.register().to("tel", "", "")))).isEqualTo(RegistrationError.TO_NOT_SIP);
    }

    @Test
    void toWithoutUserIsBadRequest() {
        assertThat(rejected(validate(Messages.register().to("sip", "", "example.com"))))
                .isEqualTo(RegistrationError.TO_WITHOUT_USER);
    }

    @Test
    void contactExpiresParameterWinsOverTheExpiresHeader() {
        var r = accepted(validate(Messages.register().contact("sip:a@192.0.2.1", "120").expires(600)));
        assertThat(r.contacts().get(0).expires()).isEqualTo(NOW + 120);
    }

    @Test
    void expiresHeaderAppliesWhenTheContactHasNoParameter() {
        var r = accepted(validate(Messages.register().expires(600)));
        assertThat(r.contacts().get(0).expires()).isEqualTo(NOW + 600);
    }

    @Test
    void defaultExpiryAppliesWhenNeitherIsGiven() {
        var r = accepted(validate(Messages.register()));
        assertThat(r.contacts().get(0).expires()).isEqualTo(NOW + 3600);
    }

    @Test
    void zeroExpiryBecomesABindingThatExpiresNow() {
        var r = accepted(validate(Messages.register().expires(0)));
        assertThat(r.contacts().get(0).isExpiredAt(NOW)).isTrue();
    }

    @Test
    void nonZeroExpiryBelowTheMinimumIsIntervalTooBrief() {
        assertThat(rejected(validate(Messages.register().contact("sip:a@192.0.2.1", "59"))))
                .isEqualTo(RegistrationError.INTERVAL_TOO_BRIEF);
        assertThat(RegistrationError.INTERVAL_TOO_BRIEF.status()).isEqualTo(423);
    }

    @Test
    void expiryAtTheMinimumIsAccepted() {
        accepted(validate(Messages.register().contact("sip:a@192.0.2.1", "60")));
    }

    @Test
    void expiryAboveTheMaximumIsLowered() {
        var config = new RegistrarConfig(Set.of(), false, 3600, 60, 7200, 0, NatTest.KAMAILIO_DEFAULT);
        var r = accepted(rules(config).validate(Messages.register().expires(86400).build(), NOW));
        assertThat(r.contacts().get(0).expires()).isEqualTo(NOW + 7200);
    }

    @Test
    void aMalformedExpiresParameterMeansTheDefaultAsAMalformedHeaderDoes() {
        var r = accepted(validate(Messages.register().contact("sip:a@192.0.2.1", "soon").expires(600)));
        assertThat(r.contacts().get(0).expires()).isEqualTo(NOW + 3600);
    }

    @Test
    void anExpiryPastTwoToTheThirtyTwoMinusOneIsMalformed() {
        assertThat(RegisterRules.deltaSeconds("4294967295")).contains(0xFFFFFFFFL);
        assertThat(RegisterRules.deltaSeconds("4294967296")).isEmpty();
        assertThat(RegisterRules.deltaSeconds("99999999999999999999")).isEmpty();
    }

    @Test
    void wildcardWithExpiresZeroRemovesEverything() {
        var r = accepted(validate(Messages.register().withWildcard().expires(0)));
        assertThat(r.wildcard()).isTrue();
        assertThat(r.contacts()).isEmpty();
    }

    @Test
    void wildcardWithNonZeroExpiresIsRejected() {
        assertThat(rejected(validate(Messages.register().withWildcard().expires(3600))))
                .isEqualTo(RegistrationError.WILDCARD_WITHOUT_ZERO_EXPIRES);
    }

    @Test
    void wildcardWithoutExpiresIsRejected() {
        assertThat(rejected(validate(Messages.register().withWildcard())))
                .isEqualTo(RegistrationError.WILDCARD_WITHOUT_ZERO_EXPIRES);
    }

    @Test
    void wildcardBesideAnotherContactIsRejected() {
        var m = Messages.register().expires(0);
        var withBoth = new RegisterMessage("example.com", "sip", "alice", "example.com",
                List.of(ContactField.of("sip:a@192.0.2.1")), true, m.expires(), "c", 1, List.of(), Set.of(),
                List.of(), "", Binding.ALL_METHODS, "", "");
        assertThat(rejected(rules(RegistrarConfig.DEFAULTS).validate(withBoth, NOW)))
                .isEqualTo(RegistrationError.WILDCARD_NOT_ALONE);
    }

    @Test
    void qIsKeptInThousandths() {
        var r = accepted(validate(Messages.register().contacts(
                new ContactField("sip:a@192.0.2.1", Optional.empty(), Optional.of("0.5"), "", Optional.empty()),
                new ContactField("sip:b@192.0.2.1", Optional.empty(), Optional.of("1"), "", Optional.empty()),
                ContactField.of("sip:c@192.0.2.1"))));
        assertThat(r.contacts()).extracting(Binding::q).containsExactly(500, 1000, Binding.NO_Q);
    }

    @Test
    void qAboveOneIsBadRequest() {
        assertThat(rejected(validate(Messages.register().contacts(
                new ContactField("sip:a@192.0.2.1", Optional.empty(), Optional.of("1.5"), "", Optional.empty())))))
                .isEqualTo(RegistrationError.BAD_Q);
    }

    @Test
    void contactWithoutSchemeIsBadRequest() {
        assertThat(rejected(validate(Messages.register().contact("alice-at-nowhere", null))))
                .isEqualTo(RegistrationError.BAD_CONTACT_URI);
    }

    @Test
    void pathIsStoredAndEchoedOnlyWhenTheUaSupportsIt() {
        var echoed = accepted(validate(Messages.register().path(Set.of("path"), "<sip:edge1;lr>", "<sip:edge2;lr>")));
        assertThat(echoed.echoPath()).isTrue();
        assertThat(echoed.contacts().get(0).path()).isEqualTo("<sip:edge1;lr>,<sip:edge2;lr>");
        var stored = accepted(validate(Messages.register().path(Set.of(), "<sip:edge1;lr>")));
        assertThat(stored.echoPath()).isFalse();
        assertThat(stored.contacts().get(0).path()).isEqualTo("<sip:edge1;lr>");
    }

    @Test
    void theSameContactTwiceInOneRequestKeepsTheLaterOne() {
        var r = accepted(validate(Messages.register().contacts(
                new ContactField("sip:a@192.0.2.1", Optional.of("120"), Optional.empty(), "", Optional.empty()),
                new ContactField("sip:a@192.0.2.1", Optional.of("300"), Optional.empty(), "", Optional.empty()))));
        assertThat(r.contacts()).singleElement().extracting(Binding::expires).isEqualTo(NOW + 300);
    }

    @Test
    void receivedSocketAndUserAgentAreStoredWithTheBinding() {
        Binding b = accepted(validate(Messages.register())).contacts().get(0);
        assertThat(b.received()).isEqualTo("sip:192.0.2.10:5060");
        assertThat(b.socket()).isEqualTo("udp:127.0.0.1:5060");
        assertThat(b.userAgent()).isEqualTo("test-ua");
        assertThat(b.lastModified()).isEqualTo(NOW);
    }
}
