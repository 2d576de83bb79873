package dev.locus.node.sip;

import dev.locus.dmq.bus.DmqBus;
import dev.locus.dmq.bus.KdmqTransport;

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

    static KdmqEndpoint of(DmqBus bus, KdmqTransport transport) {
        return new KdmqEndpoint() {
            @Override
            public boolean owns(SipProvider provider) {
                return provider == transport.provider();
            }

            @Override
            public void onRequest(Request request) {
                bus.handle(request);
            }

            @Override
            public void onResponse(ResponseEvent event) {
                transport.onResponse(event);
            }

            @Override
            public void onTimeout(TimeoutEvent event) {
                transport.onTimeout(event);
            }
        };
    }
}
