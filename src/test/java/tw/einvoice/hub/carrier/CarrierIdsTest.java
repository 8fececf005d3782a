package tw.einvoice.hub.carrier;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CarrierIdsTest {

    private static final String SECRET = "test-carrier-secret-0123456789abcdef";
    private static final String SELLER = "04595257";
    private final CarrierIds ids = new CarrierIds(SECRET);

    private static MemberIdentity erp(String number) {
        return new MemberIdentity(MemberIdentity.Source.ERP, number);
    }

    @Test
    void theSameIdentityGetsTheSameCarrierAndHiddenCodeEveryTime() {
        CarrierIds.Derived first = ids.derive(SELLER, erp("M0001"));
        assertThat(new CarrierIds(SECRET).derive(SELLER, erp("M0001"))).isEqualTo(first);
        assertThat(first.carrierId()).matches("[0-9A-HJKMNP-TV-Z]{16}");
        assertThat(first.hiddenCode()).matches("[0-9A-HJKMNP-TV-Z]{16}").isNotEqualTo(first.carrierId());
    }

    @Test
    void twoIdentitiesTwoSourcesAndTwoSellersGetDifferentCarriers() {
        assertThat(ids.derive(SELLER, erp("M0001")).carrierId()).isNotEqualTo(ids.derive(SELLER, erp("M0002")).carrierId());
        assertThat(ids.derive(SELLER, erp("12345")).carrierId())
                .isNotEqualTo(ids.derive(SELLER, new MemberIdentity(MemberIdentity.Source.SHOPEE, "12345")).carrierId());
        assertThat(ids.derive(SELLER, erp("M0001")).carrierId()).isNotEqualTo(ids.derive("12345676", erp("M0001")).carrierId());
    }

    @Test
    void a100000MemberSellerHas100000DistinctCarriersAndHiddenCodes() {
        Set<String> carriers = new HashSet<>();
        Set<String> hidden = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            CarrierIds.Derived d = ids.derive(SELLER, erp("M" + i));
            carriers.add(d.carrierId());
            hidden.add(d.hiddenCode());
        }
        assertThat(carriers).hasSize(100_000);
        assertThat(hidden).hasSize(100_000);
    }

    @Test
    void anotherSecretGivesUnrelatedCarriersSoTheyCannotBeGuessedFromTheIdentity() {
        CarrierIds.Derived ours = ids.derive(SELLER, erp("M0001"));
        CarrierIds.Derived other = new CarrierIds(SECRET + "x").derive(SELLER, erp("M0001"));
        assertThat(other.carrierId()).isNotEqualTo(ours.carrierId());
        assertThat(other.hiddenCode()).isNotEqualTo(ours.hiddenCode());
        // nothing of the identity shows in what is derived from it
        assertThat(ours.carrierId()).doesNotContain("M0001").doesNotContain(SELLER);
    }

    @Test
    void anEmailIdentityIsOneMemberWhateverItsCaseAndSpaces() {
        MemberIdentity a = new MemberIdentity(MemberIdentity.Source.EMAIL, "Ming@Example.com ");
        MemberIdentity b = new MemberIdentity(MemberIdentity.Source.EMAIL, "ming@example.com");
        assertThat(a).isEqualTo(b);
        assertThat(ids.derive(SELLER, a)).isEqualTo(ids.derive(SELLER, b));
        assertThatThrownBy(() -> new MemberIdentity(MemberIdentity.Source.EMAIL, "not-an-address"))
                .hasMessageContaining("member.id");
    }

    @Test
    void aMemberTypeWithoutALongSecretStopsTheStartNamingBothSettings() {
        assertThatThrownBy(() -> new CarrierProperties("XY0001", "short"))
                .hasMessageContaining("HUB_CARRIER_SECRET").hasMessageContaining("32");
        assertThatThrownBy(() -> new CarrierProperties("3J0002", SECRET)).hasMessageContaining("HUB_CARRIER_MEMBER_TYPE");
        assertThat(new CarrierProperties(null, null).enabled()).isFalse();
        assertThat(new CarrierProperties("XY0001", SECRET).toString()).doesNotContain(SECRET);
    }
}
