package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;

/** STUB replaced by the cli branch. */
public final class Mappings {
    public Mappings(java.nio.file.Path folder) {
    }

    public JsonNode apply(String mappingName, JsonNode input) {
        throw new UnsupportedOperationException();
    }
}
