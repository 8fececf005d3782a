package tw.einvoice.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import tw.einvoice.hub.invoice.InvoiceJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** File reading shared by the commands, so a missing file reads the same everywhere. */
final class CliFiles {

    private CliFiles() {
    }

    /** The file's text, or exit 2: a path that cannot be read is a usage error, not a finding about its content. */
    static String read(String command, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliExit(CliExit.USAGE, command + ": no such file: " + file);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliExit(CliExit.USAGE, command + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parsed with the canonical reader's settings, so decimals stay exact; null when the text is not JSON. */
    static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = InvoiceJson.mapper().readTree(text);
        return node == null || node.isMissingNode() ? null : node;
    }
}
