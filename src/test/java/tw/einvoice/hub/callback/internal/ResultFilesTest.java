package tw.einvoice.hub.callback.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.callback.Callback;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The name and content of a one-file-per-outcome result file. */
class ResultFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Callback callback(String number, String sourceRef, String status) {
        var payload = JSON.createObjectNode().put("invoiceNumber", number).put("status", status).put("sourceRef", sourceRef);
        return new Callback(1, UUID.randomUUID(), "local-drop", sourceRef, status,
                (number != null ? number : "x") + ":" + status, payload, 0);
    }

    @Test
    void anOutcomeWithANumberIsNamedByNumberAndStatus() {
        assertThat(ResultFiles.name(callback("ZZ00000042", "order-7", "CONFIRMED"))).isEqualTo("ZZ00000042_CONFIRMED.json");
    }

    @Test
    void anOutcomeWithoutANumberIsNamedBySourceRefAndStatus() {
        assertThat(ResultFiles.name(callback(null, "order-7", "REJECTED"))).isEqualTo("order-7_REJECTED.json");
    }

    @Test
    void theSameOutcomeAlwaysHasTheSameName() {
        assertThat(ResultFiles.name(callback("ZZ00000042", "a", "ISSUED")))
                .isEqualTo(ResultFiles.name(callback("ZZ00000042", "a", "ISSUED")))
                .isNotEqualTo(ResultFiles.name(callback("ZZ00000042", "a", "CONFIRMED")));
    }

    @Test
    void aSourceRefWithPathCharactersCannotLeaveTheFolderAndStaysApartFromOneThatCleansUpAlike() {
        String slashed = ResultFiles.name(callback(null, "../a/b", "REJECTED"));
        String underscored = ResultFiles.name(callback(null, "_._a_b", "REJECTED"));
        assertThat(slashed).matches("[A-Za-z0-9._~-]+").doesNotStartWith(".").startsWith("_._a_b~").endsWith("_REJECTED.json");
        assertThat(underscored).isEqualTo("_._a_b_REJECTED.json");
        assertThat(slashed).isNotEqualTo(underscored);
    }

    @Test
    void aSourceRefStartingWithADotIsNotHiddenNorTakenForATempFile() {
        assertThat(ResultFiles.name(callback(null, ".part-x", "REJECTED"))).startsWith("_part-x~").doesNotStartWith(".");
    }

    @Test
    void aVeryLongSourceRefIsCutAndKeptApartByItsHash() {
        String a = ResultFiles.name(callback(null, "r".repeat(300) + "a", "REJECTED"));
        String b = ResultFiles.name(callback(null, "r".repeat(300) + "b", "REJECTED"));
        assertThat(a.length()).isLessThan(130);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theContentIsTheCallbackJsonOnOneLine() throws Exception {
        Callback c = callback("ZZ00000042", "order-7", "ISSUED");
        String content = new String(ResultFiles.content(c), StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n").hasLineCount(1);
        assertThat(JSON.readTree(content)).isEqualTo(c.payload());
    }
}
