package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;
import tw.einvoice.hub.lottery.AwardLists;
import tw.einvoice.hub.reference.Reference;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The E0504 winner list as the official schema defines it, and what the hub reads from it. */
class AwardListTest {

    static final String SAMPLE = AwardLists.of("04595257", "11508", List.of(
            new AwardLists.Entry("ZZ00000012", "20260715", "04595257", "EJ0113", "C", 2000),
            new AwardLists.Entry("ZZ00000034", "20260802", "04595257", "EJ0113", "1", 200000)));

    @Test
    void theSampleTheTestsUseIsValidAgainstTheOfficialE0504Schema() throws SAXException, IOException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        var schema = factory.newSchema(Reference.officialXsd().resolve("common/v40/E0504.xsd").toFile());
        schema.newValidator().validate(new StreamSource(new StringReader(SAMPLE)));
    }

    @Test
    void eachPrizeInvoiceIsReadWithItsSellerCarrierPrizeTypeAndAmount() {
        List<AwardList> lists = AwardList.read(new ByteArrayInputStream(SAMPLE.getBytes(StandardCharsets.UTF_8)));

        assertThat(lists).hasSize(1);
        AwardList list = lists.get(0);
        assertThat(list.headBan()).isEqualTo("04595257");
        assertThat(list.yearMonth()).isEqualTo("11508");
        assertThat(list.recAwardBegin()).isEqualTo("1150206");
        assertThat(list.winners()).containsExactly(
                new AwardList.Winner("ZZ00000012", "20260715", "04595257", "EJ0113", "M-x", "C", new BigDecimal("2000")),
                new AwardList.Winner("ZZ00000034", "20260802", "04595257", "EJ0113", "M-x", "1", new BigDecimal("200000")));
    }

    @Test
    void anAwardInsideAnInvoiceEnvelopeIsReadToo() {
        String enveloped = "<InvoiceEnvelope xmlns=\"urn:GEINV:InvoiceEnvelope:4.1\"><InvoicePack messageType=\"E0504\" count=\"1\" version=\"4.0\">"
                + SAMPLE.substring(SAMPLE.indexOf("<Award")) + "</InvoicePack></InvoiceEnvelope>";
        assertThat(AwardList.read(new ByteArrayInputStream(enveloped.getBytes(StandardCharsets.UTF_8))).get(0).winners()).hasSize(2);
    }

    @Test
    void aBadEntryIsNamedByItsRowAndADoctypeIsRefused() {
        String bad = SAMPLE.replace("<PrizeAmount>2000</PrizeAmount>", "<PrizeAmount>two</PrizeAmount>");
        assertThatThrownBy(() -> AwardList.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("E0504 PrizeInvoice 1 (ZZ00000012): PrizeAmount is not a number: two");
        String doctype = SAMPLE.replace("<Award ", "<!DOCTYPE Award [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Award ");
        assertThatThrownBy(() -> AwardList.read(new ByteArrayInputStream(doctype.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("DOCTYPE is not allowed");
    }
}
