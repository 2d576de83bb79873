package dev.locus.registrar.registration;

import dev.locus.registrar.location.AddressOfRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressOfRecordTest {

    @Test
    void typedAorsAreNormalisedAsKamailioKeysThem() {
        assertThat(AddressOfRecord.normalise("sip:Alice@Example.COM;transport=udp", false)).isEqualTo("alice");
        assertThat(AddressOfRecord.normalise("Alice@Example.COM:5060", true)).isEqualTo("alice@example.com");
        assertThat(AddressOfRecord.normalise("trunkuser1", false)).isEqualTo("trunkuser1");
        assertThat(AddressOfRecord.normalise("<sips:bob@[2001:db8::1]:5061>", true)).isEqualTo("bob@[2001:db8::1]");
    }
}
