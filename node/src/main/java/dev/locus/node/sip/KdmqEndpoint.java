package dev.locus.node.sip;

import dev.locus.dmq.Dmq;

import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.message.Request;

/** Where the dispatcher sends what happens on the DMQ socket; {@link #NONE} when DMQ is off. */
public interface KdmqEndpoint {

    KdmqEndpoint NONE = new KdmqEndpoint() {
        @Override
        public boolean owns(SipProvider provider) {
            return false;
        }

        @Override
        public void onRequest(Request request) {
        }

        @Override
        public void onResponse(ResponseEvent event) {
        }

        @Override
        public void onTimeout(TimeoutEvent event) {
        }
    };

    boolean owns(SipProvider provider);

    void onRequest(Request request);

    void onResponse(ResponseEvent event);

    void onTimeout(TimeoutEvent event);

    static KdmqEndpoint of(Dmq dmq) {
        return new KdmqEndpoint() {
            @Override
            public boolean owns(SipProvider provider) {
                return dmq.owns(provider);
            }

            @Override
            public void onRequest(Request request) {
                dmq.onRequest(request);
            }

            @Override
            public void onResponse(ResponseEvent event) {
                dmq.onResponse(event);
            }

            @Override
            public void onTimeout(TimeoutEvent event) {
                dmq.onTimeout(event);
            }
        };
    }
}
