package dev.locus.registrar.registration;

import dev.locus.registrar.Binding;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Builds REGISTER messages for the rule tests: one default, and withers for the field under test. */
record Messages(String requestUriHost, String toScheme, String toUser, String toHost, List<ContactField> contacts,
                boolean wildcard, OptionalLong expires, String callId, long cseq, List<String> require,
                Set<String> supported, List<String> path) {

    static Messages register() {
        return new Messages("example.com", "sip", "Alice", "Example.COM",
                List.of(ContactField.of("sip:alice@192.0.2.10:5060")), false, OptionalLong.empty(), "call-1@ua", 1,
                List.of(), Set.of(), List.of());
    }

    Messages contacts(ContactField... fields) {
        return new Messages(requestUriHost, toScheme, toUser, toHost, List.of(fields), wildcard, expires, callId, cseq,
                require, supported, path);
    }

    Messages contact(String uri, String expiresParam) {
        return contacts(new ContactField(uri, Optional.ofNullable(expiresParam), Optional.empty(), "", Optional.empty()));
    }

    Messages withWildcard() {
        return new Messages(requestUriHost, toScheme, toUser, toHost, List.of(), true, expires, callId, cseq, require,
                supported, path);
    }

    Messages expires(long seconds) {
        return new Messages(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, OptionalLong.of(seconds),
                callId, cseq, require, supported, path);
    }

    Messages to(String scheme, String user, String host) {
        return new Messages(requestUriHost, scheme, user, host, contacts, wildcard, expires, callId, cseq, require,
                supported, path);
    }

    Messages requestUriHost(String host) {
        return new Messages(host, toScheme, toUser, toHost, contacts, wildcard, expires, callId, cseq, require,
                supported, path);
    }

    Messages require(String... options) {
        return new Messages(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, expires, callId, cseq,
                List.of(options), supported, path);
    }

    Messages path(Set<String> supportedOptions, String... paths) {
        return new Messages(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, expires, callId, cseq,
                require, supportedOptions, List.of(paths));
    }

    Messages call(String id, long seq) {
        return new Messages(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, expires, id, seq, require,
                supported, path);
    }

    RegisterMessage build() {
        return new RegisterMessage(requestUriHost, toScheme, toUser, toHost, contacts, wildcard, expires, callId, cseq,
                require, supported, path, "test-ua", Binding.ALL_METHODS, "sip:192.0.2.10:5060", "udp:127.0.0.1:5060");
    }
}
