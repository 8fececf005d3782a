package tw.einvoice.hub.mig;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.annotation.XmlRootElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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

    /*
     * The schemas accept any order where the official ones say xsd:all, so they no longer keep the writer to the
     * documented order; these two tests do, against the order the bundled schemas declare (MigSchemaTest holds that
     * to the official declaration order).
     */

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("renderedVariants")
    void everyRenderedMessageEmitsItsElementsInTheDocumentedOrder(MigMessage message, String variant, String xml) {
        assertThat(SchemaOutline.bundled(message).outOfOrder(SchemaOutline.parse(xml))).as(xml).isEmpty();
        assertThat(MigSchema.bundled().validate(message, xml)).as(xml).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MigMessage.class)
    void aMessageWithEveryElementFilledEmitsEachDeclaredElementInTheDocumentedOrder(MigMessage message)
            throws Exception {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        SchemaOutline.bundled(message).elements().forEach((path, content) -> declared.put(path, content.names()));

        // B0201 shares G0501's root name but not its order, so the writer makes it without JAXB
        String filled = message == MigMessage.B0201 ? WRITER.exchangeCancelAllowance(new CancelAllowanceData(
                "AL2026112600001", "2", LocalDate.of(2026, 11, 26), "12345675", "04595257", LocalDate.of(2026, 11, 27),
                LocalTime.of(14, 5), "折讓金額錯誤", "重開")) : everyFieldFilled(message);
        Map<String, List<String>> emitted = SchemaOutline.childNames(SchemaOutline.parse(filled));
        if (message == MigMessage.A0101) {
            // A0101 shares F0401's model; MigWriter.exchangeInvoice leaves out what only F0401 has
            emitted.replaceAll((path, children) -> children.stream().filter(c -> !F0401_ONLY.contains(c)).toList());
        }

        assertThat(emitted.keySet().stream().map(MigWriterTest::withoutPosition).distinct())
                .containsExactlyInAnyOrderElementsOf(declared.keySet());
        emitted.forEach((path, children) -> assertThat(children).as(path)
                .containsExactlyElementsOf(declared.get(withoutPosition(path))));
    }

    private static final java.util.Set<String> F0401_ONLY = java.util.Set.of("CarrierType", "CarrierId1", "CarrierId2",
            "PrintMark", "NPOBAN", "RandomNumber", "BondedAreaConfirm", "FreeTaxSalesAmount", "ZeroTaxSalesAmount");

    /** Each message as the writer renders it, in the variants that between them fill every optional element it sets. */
    static Stream<Arguments> renderedVariants() {
        List<Arguments> variants = new ArrayList<>();
        MigSamples.rendered().forEach((type, xml) -> variants.add(Arguments.of(type, "sample", xml)));
        variants.add(Arguments.of(MigMessage.F0401, "business buyer, printed", WRITER.invoice(MigSamples.b2b())));
        CanonicalInvoice donated = MigSamples.b2c();
        donated.setCarrier(null);
        donated.setDonation(new CanonicalInvoice.Donation("8585"));
        variants.add(Arguments.of(MigMessage.F0401, "donated", WRITER.invoice(donated)));
        CanonicalInvoice zeroRated = MigSamples.b2b();
        zeroRated.setTaxType("2");
        zeroRated.setTaxRate(BigDecimal.ZERO);
        zeroRated.setSalesAmount(BigDecimal.ZERO);
        zeroRated.setZeroTaxSalesAmount(new BigDecimal("1000"));
        zeroRated.setTaxAmount(BigDecimal.ZERO);
        zeroRated.setTotalAmount(new BigDecimal("1000"));
        zeroRated.setCustomsClearanceMark("1");
        zeroRated.setZeroTaxRateReason("71");
        zeroRated.setRemark("出口貨物");
        zeroRated.setSeller(new Party("04595257", "範例商行", "sales@example.com", "02-23456789", "臺北市中正區示範路1號"));
        zeroRated.setBuyer(new Party("12345675", "好買股份有限公司", "ap@example.com", "02-87654321", "新北市板橋區示範街2號"));
        zeroRated.setItems(List.of(new CanonicalInvoice.Item("伺服器", BigDecimal.ONE, "台", new BigDecimal("1000"),
                new BigDecimal("1000"), "2", "外銷")));
        variants.add(Arguments.of(MigMessage.F0401, "zero-rated with remarks and contacts", WRITER.invoice(zeroRated)));
        variants.add(Arguments.of(MigMessage.F0501, "with return document and remark", WRITER.cancel(
                new CancelInvoiceData("ZZ00000001", LocalDate.of(2026, 11, 25), "12345675", "04595257",
                        LocalDate.of(2026, 11, 26), LocalTime.of(9, 0, 5), "客戶退貨", "AB12345678", "已收回"))));
        variants.add(Arguments.of(MigMessage.F0701, "with remark", WRITER.voidInvoice(
                new VoidInvoiceData("ZZ00000002", LocalDate.of(2026, 11, 25), "12345675", "04595257",
                        LocalDate.of(2026, 11, 26), LocalTime.of(9, 30), "買方統編錯誤", "重開"))));
        variants.add(Arguments.of(MigMessage.G0501, "with remark", WRITER.cancelAllowance(
                new CancelAllowanceData("AL2026112600001", "2", LocalDate.of(2026, 11, 26), "12345675", "04595257",
                        LocalDate.of(2026, 11, 27), LocalTime.of(14, 5), "折讓金額錯誤", "重開"))));
        return variants.stream();
    }

    private static String withoutPosition(String path) {
        return path.replaceAll("\\[\\d+]", "");
    }

    /** The message's model with every field filled (lists with two entries), marshalled as the writer does. */
    private static String everyFieldFilled(MigMessage message) throws Exception {
        Class<?> root = Arrays.stream(MigModel.ROOTS)
                .filter(c -> c.getAnnotation(XmlRootElement.class).name().equals(message.rootElement()))
                .findFirst().orElseThrow();
        Marshaller marshaller = JAXBContext.newInstance(MigModel.ROOTS).createMarshaller();
        StringWriter text = new StringWriter();
        NamespacedWriter writer = NamespacedWriter.to(text, message.namespace());
        marshaller.marshal(filled(root), writer);
        writer.close();
        return text.toString();
    }

    private static Object filled(Class<?> type) throws Exception {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object instance = constructor.newInstance();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                continue;
            }
            field.setAccessible(true);
            if (field.getType() == String.class) {
                field.set(instance, "1");
            } else if (field.getType() == List.class) {
                Class<?> item = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
                field.set(instance, new ArrayList<>(List.of(filled(item), filled(item))));
            } else {
                field.set(instance, filled(field.getType()));
            }
        }
        return instance;
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
        for (int n : new int[] {-12, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456}) {
            assertThat(MigWriter.sequence(n)).as("%d", n).isEqualTo(String.format("%04d", n));
        }
    }
}
