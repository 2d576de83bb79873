package dev.locus.registrar.registration;

import dev.locus.registrar.location.SipUri;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The equivalence examples of RFC 3261 §19.1.4. */
class SipUriTest {

    private static boolean same(String a, String b) {
        return SipUri.sameContact(a, b) && SipUri.sameContact(b, a);
    }

    @Test
    void rfcExamplesThatAreEquivalent() {
        assertThat(same("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp")).isTrue();
        assertThat(same("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5")).isTrue();
        assertThat(same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5")).isTrue();
        assertThat(same("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com")).isTrue();
        assertThat(same("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x")).isTrue();
    }

    @Test
    void rfcExamplesThatAreNotEquivalent() {
        assertThat(same("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP")).isFalse();
        assertThat(same("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060")).isFalse();
        assertThat(same("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp")).isFalse();
        assertThat(same("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp")).isFalse();
        assertThat(same("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting")).isFalse();
        assertThat(same("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4")).isFalse();
        assertThat(same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off")).isFalse();
    }

    @Test
    void ipv6HostsCompareWithTheirPorts() {
        assertThat(same("sip:a@[2001:db8::1]:5060", "sip:a@[2001:DB8::1]:5060")).isTrue();
        assertThat(same("sip:a@[2001:db8::1]:5060", "sip:a@[2001:db8::1]:5061")).isFalse();
    }

    @Test
    void malformedUrisAreNotParsed() {
        assertThat(SipUri.parse("sip:")).isEmpty();
        assertThat(SipUri.parse("sip:a@host:99999")).isEmpty();
        assertThat(SipUri.parse("sip:a%zz@host")).isEmpty();
        assertThat(SipUri.parse("mailto:a@b")).isEmpty();
    }
}
