package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.mig.MigJson;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An F0401 of a member carrier keeps its hidden code (CarrierId2) through the mig-f0401 mapping; a barcode's does not double. */
class MemberCarrierMappingTest {

    private static JsonNode mapped(String xml) throws Exception {
        JsonNode source = MigJson.f0401(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        JsonNode out = new Mappings(Mappings.DEFAULT_FOLDER).apply("mig-f0401", source);
        return out.isArray() ? out.get(0) : out;
    }

    @Test
    void aDistinctCarrierId2BecomesTheHiddenIdAndARepeatedOneIsLeftOut() throws Exception {
        String sample = Files.readString(Path.of("mappings/samples/mig-f0401.input.xml"));
        JsonNode barcode = mapped(sample);
        assertThat(barcode.at("/carrier/id").asText()).isEqualTo("/ABC+123");
        assertThat(barcode.get("carrier").has("hiddenId")).isFalse();

        String member = sample.replace("<CarrierType>3J0002</CarrierType>", "<CarrierType>XY0001</CarrierType>")
                .replace("<CarrierId1>/ABC+123</CarrierId1>", "<CarrierId1>7K3M9Q2WX4TR8B6D</CarrierId1>")
                .replace("<CarrierId2>/ABC+123</CarrierId2>", "<CarrierId2>H5N2C8V1Z3S7E9GA</CarrierId2>");
        JsonNode kept = mapped(member);
        assertThat(kept.at("/carrier/type").asText()).isEqualTo("XY0001");
        assertThat(kept.at("/carrier/id").asText()).isEqualTo("7K3M9Q2WX4TR8B6D");
        assertThat(kept.at("/carrier/hiddenId").asText()).isEqualTo("H5N2C8V1Z3S7E9GA");
    }
}
