package dev.locus.node.rpc;

import dev.locus.node.sip.uac.UacReply;
import dev.locus.node.sip.uac.UacReply.RecordRoute;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** tm's shapes, as Kamailio 5.6.3 answered them live for the same replies (see the README). */
class UacResultsTest {

    private static UacReply reply(int code, Optional<String> contact, List<RecordRoute> routes) {
        return new UacReply(code, "Reason", false, contact, routes, "Via: x\r\n\r\n");
    }

    @Test
    void aTwoHundredWithoutContactHasEmptyUris() {
        assertThat(UacResults.waited(reply(200, Optional.empty(), List.of())).toString())
                .isEqualTo("[200,\"Reason\",\"\",\"\",\"\",\"Via: x\\r\\n\\r\\n\"]");
    }

    @Test
    void aTwoHundredWithContactGivesItAsTargetAndNextHop() {
        assertThat(UacResults.waited(reply(202, Optional.of("sip:b@h:5060"), List.of())).toString())
                .isEqualTo("[202,\"Reason\",\"sip:b@h:5060\",\"sip:b@h:5060\",\"\",\"Via: x\\r\\n\\r\\n\"]");
    }

    @Test
    void aFailureOrA299GivesCodeReasonAndTheReplyOnly() {
        assertThat(UacResults.waited(reply(404, Optional.of("sip:b@h"), List.of()))).hasSize(3);
        assertThat(UacResults.waited(reply(299, Optional.of("sip:b@h"), List.of()))).hasSize(3);
    }

    @Test
    void aLocalTimeoutGivesFourEmptyStrings() {
        assertThat(UacResults.waited(UacReply.timeout()).toString())
                .isEqualTo("[408,\"Request Timeout\",\"\",\"\",\"\",\"\"]");
        assertThat(UacResults.blocked(UacReply.timeout()).toString())
                .isEqualTo("{\"code\":408,\"text\":\"Request Timeout\"}");
    }

    @Test
    void looseRoutesAreTheRecordRoutesReversed() {
        UacResults.Hooks hooks = UacResults.hooks(Optional.of("sip:b@h"), List.of(
                new RecordRoute("<sip:p1;lr>", "sip:p1;lr", true), new RecordRoute("<sip:p2;lr>;x=1", "sip:p2;lr", true)));
        assertThat(hooks).isEqualTo(new UacResults.Hooks("sip:b@h", "sip:p2;lr", "Route: <sip:p2;lr>;x=1, <sip:p1;lr>"));
    }

    @Test
    void aStrictRouterBecomesTheRequestUriAndTheTargetGoesLast() {
        UacResults.Hooks hooks = UacResults.hooks(Optional.of("sip:b@h"), List.of(
                new RecordRoute("<sip:p1;lr>", "sip:p1;lr", true), new RecordRoute("<sip:p2>", "sip:p2", false)));
        assertThat(hooks).isEqualTo(new UacResults.Hooks("sip:p2", "sip:p2", "Route: <sip:p1;lr>, <sip:b@h>"));
        assertThat(UacResults.hooks(Optional.of("sip:b@h"), List.of(new RecordRoute("<sip:p2>", "sip:p2", false))))
                .isEqualTo(new UacResults.Hooks("sip:p2", "sip:p2", ""));
    }
}
