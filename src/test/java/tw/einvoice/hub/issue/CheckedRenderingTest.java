package tw.einvoice.hub.issue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;
import tw.einvoice.hub.mig.MigSamples;
import tw.einvoice.hub.mig.MigWriter;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The F0401 issued from the checked one is, byte for byte, the F0401 a fresh rendering of the issued invoice gives. */
class CheckedRenderingTest {

    private static final MigWriter WRITER = new MigWriter(MigWriter.Options.defaults());
    private static final OffsetDateTime CHECKED_AT = OffsetDateTime.parse("2026-11-25T09:59:58+08:00");

    static Stream<UnaryOperator<CanonicalInvoice>> invoices() {
        return Stream.of(
                doc -> doc,
                doc -> {
                    doc.setBuyer(new Party("12345675", "好買股份有限公司", null, null, null));
                    doc.setCarrier(null);
                    doc.setPrint(true);
                    return doc;
                },
                doc -> {
                    doc.setCarrier(null);
                    doc.setDonation(new CanonicalInvoice.Donation("168001"));
                    return doc;
                },
                doc -> {
                    // our placeholders as text: escaped or outside their elements, they must stay as they are
                    doc.setRemark("<InvoiceNumber>AA00000000</InvoiceNumber> <RandomNumber>0000</RandomNumber> 09:59:58");
                    doc.setItems(List.of(new CanonicalInvoice.Item("AA00000000 & 0000 <InvoiceTime>09:59:58</InvoiceTime>",
                            BigDecimal.ONE, "個", new BigDecimal("105"), new BigDecimal("105"), "1", "0000")));
                    doc.setSeller(new Party(doc.getSellerId(), "AA00000000 商行", null, null, "0000 號"));
                    return doc;
                },
                doc -> {
                    doc.setBuyer(new Party("0000000000", "王小明", null, null, null));
                    doc.setCarrier(new CanonicalInvoice.Carrier("EJ0113", "M-0000", "AA00000000"));
                    return doc;
                });
    }

    @ParameterizedTest
    @MethodSource("invoices")
    void theCheckedRenderingFinishedIsTheFreshRenderingOfTheIssuedInvoice(UnaryOperator<CanonicalInvoice> variant) {
        for (OffsetDateTime issuedAt : List.of(CHECKED_AT, CHECKED_AT.plusSeconds(3), OffsetDateTime.parse("2026-11-25T23:59:59+08:00"),
                OffsetDateTime.parse("2026-11-25T00:00:00+08:00"), OffsetDateTime.parse("2026-11-25T02:00:07Z"))) {
            for (String[] real : new String[][]{{"AB12345678", "0427"}, {"ZZ99999999", "0000"}, {"AA00000000", "9999"}}) {
                CanonicalInvoice checked = variant.apply(MigSamples.b2c());
                checked.setInvoiceNumber(CheckedRendering.NUMBER_PLACEHOLDER);
                checked.setRandomCode(CheckedRendering.RANDOM_CODE_PLACEHOLDER);
                checked.setIssuedAt(CHECKED_AT);
                String checkedXml = WRITER.invoice(checked);

                CanonicalInvoice issued = variant.apply(MigSamples.b2c());
                issued.setInvoiceNumber(real[0]);
                issued.setRandomCode(real[1]);
                issued.setIssuedAt(issuedAt);

                assertThat(CheckedRendering.issued(checkedXml, CHECKED_AT, real[0], real[1], issuedAt))
                        .as("%s %s at %s", real[0], real[1], issuedAt).isEqualTo(WRITER.invoice(issued));
            }
        }
    }

    @Test
    void aRenderingCheckedOnAnotherDayIsNotFinished() {
        CanonicalInvoice checked = MigSamples.b2c();
        checked.setInvoiceNumber(CheckedRendering.NUMBER_PLACEHOLDER);
        checked.setRandomCode(CheckedRendering.RANDOM_CODE_PLACEHOLDER);
        checked.setIssuedAt(CHECKED_AT);
        OffsetDateTime tomorrow = OffsetDateTime.parse("2026-11-26T00:00:00+08:00");

        assertThat(CheckedRendering.sameDay(CHECKED_AT, tomorrow)).isFalse();
        assertThatThrownBy(() -> CheckedRendering.issued(WRITER.invoice(checked), CHECKED_AT, "AB12345678", "1234", tomorrow))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenderingWithoutExactlyOnePlaceholderIsRefusedLoudly() {
        CanonicalInvoice numbered = MigSamples.b2c();
        numbered.setIssuedAt(CHECKED_AT);
        String xml = WRITER.invoice(numbered);
        String twice = xml.replace("</InvoiceNumber>", "</InvoiceNumber><InvoiceNumber>AA00000000</InvoiceNumber>")
                .replace("<InvoiceNumber>ZZ00000001</InvoiceNumber>", "<InvoiceNumber>AA00000000</InvoiceNumber>");

        assertThatThrownBy(() -> CheckedRendering.issued(xml, CHECKED_AT, "AB12345678", "1234", CHECKED_AT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> CheckedRendering.issued(twice, CHECKED_AT, "AB12345678", "1234", CHECKED_AT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than once");
    }
}
