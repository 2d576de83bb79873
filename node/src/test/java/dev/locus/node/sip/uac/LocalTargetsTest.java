package dev.locus.node.sip.uac;

import dev.locus.node.config.SocketSpec;
import org.junit.jupiter.api.Test;

import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LocalTargetsTest {

    @Test
    void servedDomainsAndOurOwnSocketsAreOursNothingElse() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        AddressFactory addresses = factory.createAddressFactory();
        LocalTargets local = new LocalTargets(Set.of("Example.COM"), Set.of("192.0.2.1", "::1"),
                List.of(new SocketSpec("udp", "192.0.2.1", 5060)));
        assertThat(local.isOurs((SipURI) addresses.createURI("sip:alice@example.com"))).isTrue();
        assertThat(local.isOurs((SipURI) addresses.createURI("sip:alice@192.0.2.1"))).isTrue();
        assertThat(local.isOurs((SipURI) addresses.createURI("sip:alice@[::1]:5060"))).isTrue();
        // Another program on our address, another domain.
        assertThat(local.isOurs((SipURI) addresses.createURI("sip:alice@192.0.2.1:5080"))).isFalse();
        assertThat(local.isOurs((SipURI) addresses.createURI("sip:alice@example.org"))).isFalse();
        // "Any domain" (none listed) does not make every domain ours.
        LocalTargets any = new LocalTargets(Set.of(), Set.of("192.0.2.1"), List.of(new SocketSpec("udp", "192.0.2.1", 5060)));
        assertThat(any.isOurs((SipURI) addresses.createURI("sip:alice@example.com"))).isFalse();
    }
}
