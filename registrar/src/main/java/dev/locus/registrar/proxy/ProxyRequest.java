package dev.locus.registrar.proxy;

import javax.sip.message.Request;

/** A branch's request, ready for its client transaction: the socket it leaves from and its branch id. */
record ProxyRequest(Request request, LocalSockets.Socket departure, String branch) {
}
