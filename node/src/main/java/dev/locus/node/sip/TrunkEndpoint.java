package dev.locus.node.sip;

import dev.locus.uacreg.Uacreg;

import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import java.util.Optional;

/** Where the dispatcher sends what concerns trunk registrations; {@link #NONE} when uacreg is off. */
public interface TrunkEndpoint {

    TrunkEndpoint NONE = new TrunkEndpoint() {
        @Override
        public boolean onResponse(ResponseEvent event) {
            return false;
        }

        @Override
        public boolean onTimeout(TimeoutEvent event) {
            return false;
        }

        @Override
        public Optional<String> localTarget(String requestUser) {
            return Optional.empty();
        }
    };

    /** @return whether the response belonged to a trunk REGISTER */
    boolean onResponse(ResponseEvent event);

    boolean onTimeout(TimeoutEvent event);

    /** {@code sip:l_username@l_domain} when the Request-URI user is a trunk's l_uuid. */
    Optional<String> localTarget(String requestUser);

    static TrunkEndpoint of(Uacreg uacreg) {
        return new TrunkEndpoint() {
            @Override
            public boolean onResponse(ResponseEvent event) {
                return uacreg.onResponse(event);
            }

            @Override
            public boolean onTimeout(TimeoutEvent event) {
                return uacreg.onTimeout(event);
            }

            @Override
            public Optional<String> localTarget(String requestUser) {
                return uacreg.table().localTarget(requestUser);
            }
        };
    }
}
