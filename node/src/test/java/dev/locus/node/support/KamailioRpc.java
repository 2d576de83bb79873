package dev.locus.node.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** JSON-RPC over HTTP to a real Kamailio (jsonrpcs + xhttp), as an operator's script would call it. */
public final class KamailioRpc {

    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public KamailioRpc(URI uri) {
        this.uri = uri;
    }

    public JsonNode call(String method, Object... params) throws IOException, InterruptedException {
        var request = json.createObjectNode().put("jsonrpc", "2.0").put("method", method).put("id", 1);
        var p = request.putArray("params");
        for (Object o : params) {
            p.addPOJO(o);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    /** Contact addresses of an AOR in Kamailio's usrloc (empty when not found). */
    public List<String> contacts(String aor) throws IOException, InterruptedException {
        JsonNode r = call("ul.lookup", "location", aor);
        List<String> out = new ArrayList<>();
        if (r.has("result")) {
            r.at("/result/Contacts").forEach(c -> out.add(c.at("/Contact/Address").asText()));
        }
        return out;
    }
}
