package tw.einvoice.hub.mig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static tw.einvoice.hub.mig.MigSamples.WRITER;

class MigWriterTest {

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void everyMessageIsValidAgainstOurSchema(MigMessage message) {
        String xml = MigSamples.rendered().get(message);
        assertThat(MigSchema.bundled().validate(message, xml)).as(xml).isEmpty();
        assertThat(MigSchema.messageOf(xml)).contains(message);
    }

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void everyMessageIsValidAgainstTheOfficialSchema(MigMessage message) {
        MigSchema official = MigSchema.fromFolder(MigSamples.officialFolder());
        String xml = MigSamples.rendered().get(message);
        assertThat(official.validate(message, xml)).as(xml).isEmpty();
    }

    @Test
    void b2bInvoiceIsValidAgainstBothSchemas() {
        String xml = WRITER.invoice(MigSamples.b2b());
        assertThat(MigSchema.bundled().validate(MigMessage.F0401, xml)).isEmpty();
        assertThat(MigSchema.fromFolder(MigSamples.officialFolder()).validate(MigMessage.F0401, xml)).isEmpty();
    }

    @Test
    void f0401HasDeclarationDefaultNamespaceAndDocumentedForm() {
        String xml = WRITER.invoice(MigSamples.b2c());
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("<Invoice xmlns=\"urn:GEINV:eInvoiceMessage:F0401:4.1\">")
                .doesNotContain("ns2:", "xmlns:")
                .contains("<InvoiceDate>20261125</InvoiceDate>", "<InvoiceTime>10:15:30</InvoiceTime>")
                .contains("<Identifier>0000000000</Identifier>", "<Name>消費者</Name>")
                .contains("<CarrierType>3J0002</CarrierType>", "<CarrierId1>/ABC+123</CarrierId1>",
                        "<CarrierId2>/ABC+123</CarrierId2>")
                .contains("<DonateMark>0</DonateMark>", "<PrintMark>N</PrintMark>", "<RandomNumber>0427</RandomNumber>")
                .contains("<SequenceNumber>0001</SequenceNumber>", "<SequenceNumber>0002</SequenceNumber>")
                .contains("<Quantity>1.5</Quantity>", "<UnitPrice>30</UnitPrice>", "<Amount>45</Amount>")
                .contains("<TaxRate>0.05</TaxRate>");
        assertThat(xml.indexOf("<Main>")).isLessThan(xml.indexOf("<Details>"));
        assertThat(xml.indexOf("<Details>")).isLessThan(xml.lastIndexOf("<Amount>"));
    }

    @Test
    void emptyOptionalElementsAreOmitted() {
        String xml = WRITER.invoice(MigSamples.b2c());
        // The second item has no unit and an empty remark; the invoice has no NPOBAN, remark or reason.
        assertThat(xml).doesNotContain("<Remark", "<NPOBAN", "<MainRemark", "<ZeroTaxRateReason", "/>", "<Address></")
                .containsOnlyOnce("<Unit>");
        // A consumer's contact details stay out of the upload.
        assertThat(xml).doesNotContain("ming@example.com", "0912345678");
        assertThat(WRITER.cancel(MigSamples.cancel())).doesNotContain("<Remark", "<ReturnTaxDocumentNumber");
    }

    @Test
    void b2cAmountsAreTaxInclusiveWithZeroTax() {
        MigReader.InvoiceInfo info = new MigReader().readInvoice(WRITER.invoice(MigSamples.b2c()));
        assertThat(info.salesAmount()).isEqualByComparingTo("105");
        assertThat(info.taxAmount()).isEqualByComparingTo("0");
        assertThat(info.totalAmount()).isEqualByComparingTo("105");
        assertThat(WRITER.invoice(MigSamples.b2c())).contains("<SalesAmount>105</SalesAmount>",
                "<TaxAmount>0</TaxAmount>", "<TotalAmount>105</TotalAmount>", "<FreeTaxSalesAmount>0<");
    }

    @Test
    void b2cAmountsCanBeSplitWhenTheSettingIsOff() {
        String xml = new MigWriter(new MigWriter.Options(false, null)).invoice(MigSamples.b2c());
        assertThat(xml).contains("<SalesAmount>100</SalesAmount>", "<TaxAmount>5</TaxAmount>",
                "<TotalAmount>105</TotalAmount>");
    }

    @Test
    void b2bAmountsShowTaxSeparately() {
        String xml = WRITER.invoice(MigSamples.b2b());
        assertThat(xml).contains("<SalesAmount>1000</SalesAmount>", "<TaxAmount>50</TaxAmount>",
                "<TotalAmount>1050</TotalAmount>", "<Identifier>12345675</Identifier>",
                "<Name>好買股份有限公司</Name>", "<PrintMark>Y</PrintMark>")
                .doesNotContain("<CarrierType>");
    }

    @Test
    void missingAmountsAreDerivedByTaxArithmetic() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setSalesAmount(null);
        i.setTaxAmount(null);
        i.setTotalAmount(null);
        assertThat(WRITER.invoice(i)).contains("<SalesAmount>105</SalesAmount>", "<TaxAmount>0</TaxAmount>",
                "<TotalAmount>105</TotalAmount>");
        assertThat(new MigWriter(new MigWriter.Options(false, null)).invoice(i))
                .contains("<SalesAmount>100</SalesAmount>", "<TaxAmount>5</TaxAmount>");
    }

    @Test
    void donationWritesMarkAndNpoban() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setCarrier(null);
        i.setDonation(new CanonicalInvoice.Donation("8585"));
        i.setBuyer(new Party(null, "王小明", null, null, null));
        String xml = WRITER.invoice(i);
        assertThat(xml).contains("<DonateMark>1</DonateMark>", "<NPOBAN>8585</NPOBAN>", "<Name>王小明</Name>");
        assertThat(MigSchema.bundled().validate(MigMessage.F0401, xml)).isEmpty();
    }

    @Test
    void allowanceSumsItemsAndRefersToTheInvoiceItem() {
        String xml = WRITER.allowance(MigSamples.allowance());
        assertThat(xml).contains("<AllowanceType>2</AllowanceType>", "<OriginalSequenceNumber>0001<",
                "<AllowanceSequenceNumber>1</AllowanceSequenceNumber>", "<Tax>10</Tax>",
                "<TaxAmount>10</TaxAmount>", "<TotalAmount>200</TotalAmount>")
                .doesNotContain("<SalesAmount>", "<Description>", "<SequenceNumber>");
    }

    @Test
    void missingSellerNameIsRefusedByName() {
        CanonicalInvoice i = MigSamples.b2c();
        i.setSeller(null);
        assertThatThrownBy(() -> WRITER.invoice(i)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seller.name");
    }

    @Test
    void writerAndSchemaAreSafeAcrossThreads() {
        ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
        IntStream.range(0, 64).parallel().forEach(n -> {
            String xml = WRITER.invoice(n % 2 == 0 ? MigSamples.b2c() : MigSamples.b2b());
            results.add(MigSchema.bundled().validate(MigMessage.F0401, xml));
        });
        assertThat(results).hasSize(64).allMatch(r -> ((List<?>) r).isEmpty());
    }

    @Test
    void numberForms() {
        assertThat(MigWriter.whole(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(MigWriter.whole(new BigDecimal("104.5"))).isEqualTo("105");
        assertThat(MigWriter.decimal(new BigDecimal("1.2500000"))).isEqualTo("1.25");
        assertThat(MigWriter.decimal(new BigDecimal("100"))).isEqualTo("100");
        assertThat(MigWriter.decimal(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(MigWriter.sequence(12)).isEqualTo("0012");
    }
}
