package dev.locus.node.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/** A request body to a JSON tree, strictly: one value, nothing after it, no member given twice. */
final class DocumentParser {

    private static final int MAX_DETAIL_CHARS = 200;

    private final ObjectReader reader;

    DocumentParser(ObjectMapper json) {
        // A duplicate "method" or trailing text would leave us guessing what the client meant.
        this.reader = json.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    JsonNode parse(byte[] body) throws RpcException {
        JsonNode document;
        try {
            document = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw RpcException.parseError(shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            throw RpcException.parseError(shorten(e.getMessage()));
        }
        if (document == null || document.isMissingNode()) {
            throw RpcException.parseError("empty body");
        }
        return document;
    }

    private static String shorten(String detail) {
        if (detail == null) {
            return "malformed JSON";
        }
        return detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "..." : detail;
    }
}
