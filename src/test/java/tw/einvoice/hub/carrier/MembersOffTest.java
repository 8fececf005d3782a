package tw.einvoice.hub.carrier;

import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.CanonicalInvoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a member-carrier type nothing is enrolled and an invoice naming a member is refused, naming the setting. */
class MembersOffTest {

    private final Members off = new Members(null, new CarrierProperties(null, null), null);

    @Test
    void anInvoiceNamingAMemberIsRefusedWithMemberCarrierOffAndKeepsItsPrintAndCarrier() {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId("04595257");
        invoice.setMember(new CanonicalInvoice.Member("erp", "M0001"));

        assertThat(off.attach(invoice)).extracting(v -> v.field() + " " + v.code()).containsExactly("member MEMBER_CARRIER_OFF");
        assertThat(off.attach(invoice).get(0).messageEn()).contains("hub.carrier.member-type");
        assertThat(invoice.getCarrier()).isNull();
        assertThat(invoice.getPrint()).isNull();
    }

    @Test
    void anInvoiceWithoutAMemberIsLeftAlone() {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setCarrier(new CanonicalInvoice.Carrier("3J0002", "/ABC+123"));
        assertThat(off.attach(invoice)).isEmpty();
        assertThat(invoice.getCarrier()).isEqualTo(new CanonicalInvoice.Carrier("3J0002", "/ABC+123", null));
    }

    @Test
    void enrollingIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> off.enrol("04595257", new MemberIdentity(MemberIdentity.Source.ERP, "M0001"), null, null))
                .isInstanceOf(Members.Refused.class)
                .hasMessageContaining("HUB_CARRIER_MEMBER_TYPE").hasMessageContaining("HUB_CARRIER_SECRET");
    }
}
