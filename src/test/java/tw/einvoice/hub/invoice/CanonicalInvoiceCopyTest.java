package tw.einvoice.hub.invoice;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy a stage changes is the whole document, and changing it leaves the one it came from as it was. */
class CanonicalInvoiceCopyTest {

    @Test
    void copyHasEveryFieldOfTheOriginal() {
        CanonicalInvoice original = everyFieldSet();

        CanonicalInvoice copy = original.copy();

        assertThat(copy).isNotSameAs(original);
        assertThat(InvoiceJson.toTree(copy)).isEqualTo(InvoiceJson.toTree(original));
        assertThat(unset(copy)).isEmpty();
    }

    @Test
    void changingTheCopyLeavesTheOriginalAsItWas() {
        CanonicalInvoice original = everyFieldSet();
        var before = InvoiceJson.toTree(original);

        CanonicalInvoice copy = original.copy();
        copy.getItems().add(new CanonicalInvoice.Item("另一項", BigDecimal.ONE, "個", BigDecimal.TEN, BigDecimal.TEN, "1", null));
        copy.getItems().remove(0);
        copy.setInvoiceNumber("AB12345678");
        copy.setSeller(new CanonicalInvoice.Party("12345676", "換了", null, null, "別處"));

        assertThat(InvoiceJson.toTree(original)).isEqualTo(before);
        assertThat(original.getItems()).hasSize(2);
    }

    @Test
    void aDocumentWithoutItemsIsCopiedWithoutItems() {
        CanonicalInvoice original = new CanonicalInvoice();
        original.setItems(null);

        assertThat(original.copy().getItems()).isNull();
        assertThat(InvoiceJson.toTree(original.copy())).isEqualTo(InvoiceJson.toTree(original));
    }

    /** Fails the test as soon as CanonicalInvoice gains a field this fixture leaves unset. */
    @Test
    void theFixtureSetsEveryField() {
        assertThat(unset(everyFieldSet())).as("fields of CanonicalInvoice the fixture does not set").isEmpty();
    }

    private static CanonicalInvoice everyFieldSet() {
        CanonicalInvoice doc = new CanonicalInvoice();
        doc.setConnector("erp");
        doc.setSourceRef("ERP-1");
        doc.setSellerId("12345676");
        doc.setSeller(new CanonicalInvoice.Party("12345676", "賣方", "s@example.com", "02-1234", "台北市"));
        doc.setBranchId("HQ");
        doc.setInvoiceType("07");
        doc.setIssuedAt(OffsetDateTime.parse("2026-03-01T10:15:30+08:00"));
        doc.setInvoiceNumber("AA12345678");
        doc.setRandomCode("1234");
        doc.setBuyer(new CanonicalInvoice.Party("24549210", "買方", "b@example.com", "03-5678", "新竹市"));
        doc.setCarrier(new CanonicalInvoice.Carrier("EJ0113", "M123", "H456"));
        doc.setDonation(new CanonicalInvoice.Donation("168001"));
        doc.setPrint(Boolean.TRUE);
        doc.setTaxType("1");
        doc.setTaxRate(new BigDecimal("0.05"));
        doc.setPricesIncludeTax(Boolean.FALSE);
        doc.setItems(new ArrayList<>(List.of(
                new CanonicalInvoice.Item("品項", new BigDecimal("2"), "個", new BigDecimal("50"), new BigDecimal("100"), "1", "備"),
                new CanonicalInvoice.Item("第二項", new BigDecimal("1.5"), "kg", new BigDecimal("10.00"), new BigDecimal("15.00"), "1", null))));
        doc.setSalesAmount(new BigDecimal("115"));
        doc.setFreeTaxSalesAmount(BigDecimal.ZERO);
        doc.setZeroTaxSalesAmount(new BigDecimal("0"));
        doc.setTaxAmount(new BigDecimal("6"));
        doc.setTotalAmount(new BigDecimal("121"));
        doc.setZeroTaxRateReason("71");
        doc.setCustomsClearanceMark("1");
        doc.setRemark("備註");
        doc.setMember(new CanonicalInvoice.Member("erp", "M-1"));
        return doc;
    }

    private static List<String> unset(CanonicalInvoice doc) {
        List<String> unset = new ArrayList<>();
        for (Field field : CanonicalInvoice.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            try {
                if (field.get(doc) == null) {
                    unset.add(field.getName());
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return unset;
    }
}
