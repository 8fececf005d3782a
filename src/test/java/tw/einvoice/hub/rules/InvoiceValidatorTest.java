package tw.einvoice.hub.rules;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.CanonicalInvoice.Carrier;
import tw.einvoice.hub.invoice.CanonicalInvoice.Donation;
import tw.einvoice.hub.invoice.CanonicalInvoice.Item;
import tw.einvoice.hub.invoice.CanonicalInvoice.Party;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static tw.einvoice.hub.rules.InvoiceBuilder.BUSINESS_BAN;
import static tw.einvoice.hub.rules.InvoiceBuilder.aValidInvoice;
import static tw.einvoice.hub.rules.InvoiceBuilder.item;
import static tw.einvoice.hub.rules.InvoiceBuilder.repeat;
import static tw.einvoice.hub.rules.ViolationCode.*;

class InvoiceValidatorTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-25T10:15:30+08:00");

    private static final SellerRegistry ONE_SELLER = new SellerRegistry() {
        @Override
        public boolean isKnownSeller(String sellerId) {
            return InvoiceBuilder.SELLER.equals(sellerId);
        }

        @Override
        public boolean isKnownBranch(String sellerId, String branchId) {
            return isKnownSeller(sellerId) && InvoiceBuilder.BRANCH.equals(branchId);
        }

        @Override
        public boolean hasAddress(String sellerId) {
            return isKnownSeller(sellerId);
        }
    };

    /** The same seller, registered without an address (kept in the database from an earlier configuration). */
    private static final SellerRegistry ONE_SELLER_WITHOUT_ADDRESS = new SellerRegistry() {
        @Override
        public boolean isKnownSeller(String sellerId) {
            return ONE_SELLER.isKnownSeller(sellerId);
        }

        @Override
        public boolean isKnownBranch(String sellerId, String branchId) {
            return ONE_SELLER.isKnownBranch(sellerId, branchId);
        }

        @Override
        public boolean hasAddress(String sellerId) {
            return false;
        }
    };

    private final InvoiceValidator validator = validatorAt(NOW);

    private static InvoiceValidator validatorAt(OffsetDateTime now) {
        return new InvoiceValidator(RuleSettings.defaults(), ONE_SELLER, Clock.fixed(now.toInstant(), RuleSettings.TAIPEI));
    }

    private List<Violation> validate(InvoiceBuilder builder) {
        return validator.validate(builder.build());
    }

    private void assertOnlyViolation(InvoiceBuilder builder, String field, ViolationCode code) {
        assertOnlyViolation(validator, builder, field, code);
    }

    private static void assertOnlyViolation(InvoiceValidator validator, InvoiceBuilder builder, String field,
                                            ViolationCode code) {
        assertThat(validator.validate(builder.build()))
                .extracting(Violation::field, Violation::code)
                .containsExactly(tuple(field, code.name()));
    }

    private void assertValid(InvoiceBuilder builder) {
        assertThat(validate(builder)).isEmpty();
    }

    @Nested
    class Baseline {

        @Test
        void baselineInvoiceIsValid() {
            assertValid(aValidInvoice());
        }

        @Test
        void missingOptionalValuesAreCompletedWithDefaults() {
            CanonicalInvoice invoice = aValidInvoice()
                    .with(i -> {
                        i.setInvoiceType(null);
                        i.setIssuedAt(null);
                        i.setPrint(null);
                        i.setTaxType(null);
                        i.setTaxRate(null);
                        i.setPricesIncludeTax(null);
                    })
                    .items(item("乾電池", "1", "105", "105", null))
                    .build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getInvoiceType()).isEqualTo("07");
            assertThat(invoice.getIssuedAt()).isEqualTo(NOW);
            assertThat(invoice.getPrint()).isFalse();
            assertThat(invoice.getTaxType()).isEqualTo("1");
            assertThat(invoice.getTaxRate()).isEqualByComparingTo("0.05");
            assertThat(invoice.getPricesIncludeTax()).isTrue();
            assertThat(invoice.getItems().get(0).taxType()).isEqualTo("1");
        }

        @Test
        void independentProblemsAreReportedTogether() {
            List<Violation> violations = validate(aValidInvoice()
                    .with(i -> i.setSellerId("04595258"))
                    .with(i -> i.setRemark(repeat("字", 201)))
                    .donatedTo("12"));

            assertThat(violations).extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                    tuple("sellerId", "BAN_CHECKSUM"),
                    tuple("remark", "TOO_LONG"),
                    tuple("donation.npoban", "DONATION_CODE_FORMAT"));
        }

        @Test
        void messagesNameTheOffendingValueInBothLanguages() {
            Violation violation = validate(aValidInvoice().with(i -> i.setSellerId("04595258"))).get(0);

            assertThat(violation.messageZh()).contains("04595258").contains("統一編號");
            assertThat(violation.messageEn()).contains("04595258");
        }

        @Test
        void everyCodeHasBothMessageTemplates() {
            for (ViolationCode code : ViolationCode.values()) {
                assertThat(code.messageZh()).as(code.name()).isNotBlank();
                assertThat(code.messageEn()).as(code.name()).isNotBlank();
            }
        }
    }

    @Nested
    class Seller {

        @Test
        void missingSellerIdIsRequired() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId(null)), "sellerId", REQUIRED);
        }

        @Test
        void sellerIdOfSevenDigitsIsMalformed() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId("0459525")), "sellerId", BAN_FORMAT);
        }

        @Test
        void sellerIdFailingTheChecksumIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId("04595258")), "sellerId", BAN_CHECKSUM);
        }

        @Test
        void sellerIdIsCheckedWithTheRuleInForceOnTheIssueDate() {
            RuleSettings tenRuleStill = new RuleSettings(LocalDate.of(2027, 1, 1), new BigDecimal("0.05"), 1,
                    RuleSettings.defaults().futureTolerance(), 2, RuleSettings.defaults().memberCarrierTypes(),
                    RuleSettings.TAIPEI);
            InvoiceValidator beforeFiveRule = new InvoiceValidator(tenRuleStill, SellerRegistry.ANY,
                    Clock.fixed(NOW.toInstant(), RuleSettings.TAIPEI));

            assertOnlyViolation(beforeFiveRule, aValidInvoice().with(i -> i.setSellerId("04595252")), "sellerId",
                    BAN_CHECKSUM);
        }

        @Test
        void sellerNotConfiguredInTheHubIsUnknown() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId("04595252")), "sellerId", SELLER_UNKNOWN);
        }

        @Test
        void branchNotConfiguredForTheSellerIsUnknown() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBranchId("KHH02")), "branchId", BRANCH_UNKNOWN);
        }

        @Test
        void invoiceWithoutBranchIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setBranchId(null)));
        }

        @Test
        void sellerWithoutAnAddressOnTheInvoiceOrRegisteredIsRefused() {
            InvoiceValidator registeredWithoutAddress = new InvoiceValidator(RuleSettings.defaults(),
                    ONE_SELLER_WITHOUT_ADDRESS, Clock.fixed(NOW.toInstant(), RuleSettings.TAIPEI));

            assertOnlyViolation(registeredWithoutAddress, aValidInvoice(), "seller.address", SELLER_ADDRESS_REQUIRED);
        }

        @Test
        void blankAddressOnTheInvoiceDoesNotStandInForAMissingRegisteredOne() {
            InvoiceValidator registeredWithoutAddress = new InvoiceValidator(RuleSettings.defaults(),
                    ONE_SELLER_WITHOUT_ADDRESS, Clock.fixed(NOW.toInstant(), RuleSettings.TAIPEI));

            assertOnlyViolation(registeredWithoutAddress, aValidInvoice()
                    .with(i -> i.setSeller(new Party(null, "範例商行", null, null, "\u3000 "))),
                    "seller.address", SELLER_ADDRESS_REQUIRED);
        }

        @Test
        void addressOnTheInvoiceStandsInForAMissingRegisteredOne() {
            InvoiceValidator registeredWithoutAddress = new InvoiceValidator(RuleSettings.defaults(),
                    ONE_SELLER_WITHOUT_ADDRESS, Clock.fixed(NOW.toInstant(), RuleSettings.TAIPEI));

            assertThat(registeredWithoutAddress.validate(aValidInvoice()
                    .with(i -> i.setSeller(new Party(null, "範例商行", null, null, "臺北市中正區示範路1號"))).build()))
                    .isEmpty();
        }

        @Test
        void sellerNameLongerThanSixtyCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSeller(new Party(null, repeat("商", 61), null, null,
                    null))), "seller.name", TOO_LONG);
        }
    }

    @Nested
    class Buyer {

        @Test
        void businessBuyerWithValidBanIsAccepted() {
            assertValid(aValidInvoice().businessBuyer());
        }

        @Test
        void eightZeroBuyerIdMeansConsumer() {
            assertValid(aValidInvoice().with(i -> i.setBuyer(new Party("00000000", null, null, null, null))));
        }

        @Test
        void absentBuyerMeansConsumer() {
            assertValid(aValidInvoice().with(i -> i.setBuyer(null)));
        }

        @Test
        void buyerIdOfNineDigitsIsMalformed() {
            assertOnlyViolation(aValidInvoice().businessBuyer()
                    .with(i -> i.setBuyer(new Party("123456750", "範例股份有限公司", null, null, null))),
                    "buyer.id", BAN_FORMAT);
        }

        @Test
        void buyerIdFailingTheChecksumIsRefused() {
            assertOnlyViolation(aValidInvoice().businessBuyer()
                    .with(i -> i.setBuyer(new Party("12345678", "範例股份有限公司", null, null, null))),
                    "buyer.id", BAN_CHECKSUM);
        }

        @Test
        void businessBuyerNeedsAName() {
            assertOnlyViolation(aValidInvoice().businessBuyer()
                    .with(i -> i.setBuyer(new Party(BUSINESS_BAN, " ", null, null, null))), "buyer.name", REQUIRED);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"0", "00", "000", "0000"})
        void consumerNameTurnkeyReadsAsNoNameIsRefused(String name) {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, name, null, null, null))),
                    "buyer.name", CONSUMER_NAME_REFUSED);
        }

        @Test
        void consumerNameOfZerosIsRefusedWithTheBlanksAroundItStripped() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, " 0000\u3000", null, null, null))),
                    "buyer.name", CONSUMER_NAME_REFUSED);
        }

        @Test
        void consumerNameOfFiveZerosIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setBuyer(new Party(null, "00000", null, null, null))));
        }

        @Test
        void businessBuyerNamedZeroIsAccepted() {
            assertValid(aValidInvoice().businessBuyer()
                    .with(i -> i.setBuyer(new Party(BUSINESS_BAN, "0", null, null, null))));
        }

        @Test
        void buyerNameLongerThanSixtyCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, repeat("王", 61), null, null,
                    null))), "buyer.name", TOO_LONG);
        }

        @Test
        void buyerNameOfSixtyCharactersIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setBuyer(new Party(null, repeat("王", 60), null, null, null))));
        }

        @Test
        void buyerAddressLongerThanHundredCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, null, null, null,
                    repeat("路", 101)))), "buyer.address", TOO_LONG);
        }

        @Test
        void buyerEmailLongerThanFourHundredCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, null,
                    repeat("a", 389) + "@example.com", null, null))), "buyer.email", TOO_LONG);
        }

        @Test
        void buyerPhoneLongerThanTwentySixCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(null, null, null, repeat("9", 27),
                    null))), "buyer.phone", TOO_LONG);
        }
    }

    @Nested
    class Header {

        @Test
        void specialInvoiceTypeIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setInvoiceType("08")));
        }

        @Test
        void invoiceTypeOtherThan07Or08IsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setInvoiceType("03")), "invoiceType", ENUM);
        }

        @Test
        void invoiceNumberWithTrackAndEightDigitsIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setInvoiceNumber("AB12345678")));
        }

        @Test
        void invoiceNumberWithLowercaseTrackIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setInvoiceNumber("ab12345678")), "invoiceNumber", PATTERN);
        }

        @Test
        void randomCodeOfFourDigitsIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setRandomCode("0123")));
        }

        @Test
        void randomCodeOfThreeDigitsIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setRandomCode("123")), "randomCode", PATTERN);
        }

        @Test
        void remarkLongerThanTwoHundredCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setRemark(repeat("備", 201))), "remark", TOO_LONG);
        }
    }

    /** What an invoice can carry at all (InvoiceText, CanonicalShape), checked on invoices read before (CLI, corrections). */
    @Nested
    class Text {

        @Test
        void nulInAnItemDescriptionIsRefused() {
            assertOnlyViolation(aValidInvoice().items(item("乾\u0000電池", "1", "105", "105", "1")),
                    "items[0].description", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void lineBreakInTheRemarkIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setRemark("第一行\n第二行")), "remark", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void c1ControlCharacterInTheBuyersNameIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(CanonicalInvoice.CONSUMER_BUYER_ID,
                    "王\u0085小明", null, null, null))), "buyer.name", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void loneSurrogateInTheSellersNameIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSeller(new Party(null, "範例\uD800商行", null, null, null))),
                    "seller.name", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void nonCharacterUffffInACarrierIdIsRefusedOnceNotAlsoAsAMalformedId() {
            assertOnlyViolation(aValidInvoice().carrier("3J0002", "/ABC+12\uFFFF"), "carrier.id", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void nulInTheSellerIdIsRefusedOnceNotAlsoAsAMalformedBan() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId("0459525\u0000")), "sellerId", CHARACTER_NOT_ALLOWED);
        }

        @Test
        void sellerIdLongerThanTheMigsTenCharactersIsTooLongNotAlsoAMalformedBan() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSellerId("04595257000")), "sellerId", TOO_LONG);
        }

        @Test
        void sourceRefLongerThanItsColumnIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setSourceRef(repeat("x", 129))), "sourceRef", TOO_LONG);
        }

        @Test
        void connectorLongerThanItsColumnIsTooLong() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setConnector(repeat("c", 65))), "connector", TOO_LONG);
        }

        @Test
        void consumerIdOfElevenBlanksIsTooLongRatherThanCutShortByTheDatabase() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setBuyer(new Party(repeat(" ", 11), "王小明", null, null, null))),
                    "buyer.id", TOO_LONG);
        }

        @Test
        void privateUseCharacterOfABig5NameIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setBuyer(new Party(CanonicalInvoice.CONSUMER_BUYER_ID, "王\uE000明",
                    null, null, null))));
        }

        @Test
        void characterOutsideTheBmpCountsAsOne() {
            String sixty = new String(Character.toChars(0x20000)).repeat(60);
            assertValid(aValidInvoice().with(i -> i.setBuyer(new Party(CanonicalInvoice.CONSUMER_BUYER_ID, sixty,
                    null, null, null))));
        }

        @Test
        void messageShowsARefusedCharacterByItsCodeAndAnOverLongValueCutShort() {
            List<Violation> nul = validate(aValidInvoice().with(i -> i.setInvoiceType("0\u0000")));
            List<Violation> longBranch = validate(aValidInvoice().with(i -> i.setBranchId("B".repeat(5000))));

            assertThat(nul).singleElement().satisfies(v -> {
                assertThat(v.messageEn()).contains("U+0000").contains("character 2").doesNotContain("\u0000");
                assertThat(v.messageZh()).contains("U+0000").doesNotContain("\u0000");
            });
            assertThat(longBranch).extracting(Violation::code).containsExactly("TOO_LONG");
            assertThat(longBranch.get(0).messageEn()).contains("5000");
        }

        @Test
        void aTotalTooLargeForAnyColumnIsNamedWithoutBeingSpelledOut() {
            List<Violation> violations = validate(aValidInvoice().with(i -> i.setTotalAmount(new BigDecimal("1E+999999999"))));

            assertThat(violations).extracting(Violation::field, Violation::code)
                    .containsExactly(tuple("totalAmount", AMOUNT_FORMAT.name()));
            assertThat(violations.get(0).messageEn()).contains("1E+999999999").hasSizeLessThan(300);
        }
    }

    @Nested
    class Carriers {

        @Test
        void mobileBarcodeIsAccepted() {
            assertValid(aValidInvoice().carrier("3J0002", "/A.B+-9Z"));
        }

        @Test
        void mobileBarcodeWithLowercaseLettersIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("3J0002", "/abc+123"), "carrier.id", CARRIER_ID_FORMAT);
        }

        @Test
        void mobileBarcodeWithoutLeadingSlashIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("3J0002", "ABC+1234"), "carrier.id", CARRIER_ID_FORMAT);
        }

        @Test
        void citizenCertificateIsAccepted() {
            assertValid(aValidInvoice().carrier("CQ0001", "AB12345678901234"));
        }

        @Test
        void citizenCertificateWithThirteenDigitsIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("CQ0001", "AB1234567890123"), "carrier.id", CARRIER_ID_FORMAT);
        }

        @Test
        void memberCarrierOfSixtyFourCharactersIsAccepted() {
            assertValid(aValidInvoice().carrier("EJ0113", repeat("M", 64)));
        }

        @Test
        void memberCarrierLongerThanSixtyFourCharactersIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("EJ0113", repeat("M", 65)), "carrier.id", CARRIER_ID_FORMAT);
        }

        @Test
        void carrierTypeNotConfiguredIsUnknown() {
            assertOnlyViolation(aValidInvoice().carrier("XX9999", "12345"), "carrier.type", CARRIER_TYPE_UNKNOWN);
        }

        @Test
        void carrierWithoutIdIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("3J0002", null), "carrier.id", REQUIRED);
        }

        @Test
        void printedInvoiceKeptInACarrierIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setPrint(true)), "print", PRINT_WITH_CARRIER);
        }

        @Test
        void invoiceKeptInACarrierIsNotPrintedByDefault() {
            CanonicalInvoice invoice = aValidInvoice().with(i -> i.setPrint(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getPrint()).isFalse();
        }

        @Test
        void carrierIdWithALeadingFullWidthBlankIsRefused() {
            assertOnlyViolation(aValidInvoice().carrier("EJ0113", "\u3000M0001"), "carrier.id", CARRIER_ID_BLANKS);
        }

        @Test
        void carrierIdWithATrailingBlankIsRefusedForTheBlankNotItsForm() {
            assertOnlyViolation(aValidInvoice().carrier("3J0002", "/ABC+123 "), "carrier.id", CARRIER_ID_BLANKS);
        }

        @Test
        void businessBuyerMayKeepAPrintedInvoiceInAMobileBarcode() {
            assertValid(aValidInvoice().businessBuyer().carrier("3J0002", "/ABC+123"));
        }

        @Test
        void businessBuyerInvoiceInAMobileBarcodeIsPrintedByDefault() {
            CanonicalInvoice invoice = aValidInvoice().businessBuyer().carrier("3J0002", "/ABC+123")
                    .with(i -> i.setPrint(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getPrint()).isTrue();
        }

        @Test
        void businessBuyerWithACitizenCertificateIsRefusedEvenPrinted() {
            assertOnlyViolation(aValidInvoice().businessBuyer().carrier("CQ0001", "AB12345678901234"), "carrier",
                    BUSINESS_BUYER_WITH_CARRIER);
        }

        @Test
        void businessBuyerWithACarrierIsRefused() {
            assertOnlyViolation(aValidInvoice().businessBuyer().carrier("3J0002", "/ABC+123").with(i -> i.setPrint(false)),
                    "carrier", BUSINESS_BUYER_WITH_CARRIER);
        }
    }

    @Nested
    class Donations {

        @Test
        void donationCodeOfThreeDigitsIsAccepted() {
            assertValid(aValidInvoice().donatedTo("885"));
        }

        @Test
        void donationCodeOfSevenDigitsIsAccepted() {
            assertValid(aValidInvoice().donatedTo("1234567"));
        }

        @Test
        void donationCodeOfTwoDigitsIsRefused() {
            assertOnlyViolation(aValidInvoice().donatedTo("88"), "donation.npoban", DONATION_CODE_FORMAT);
        }

        @Test
        void donationCodeOfEightDigitsIsRefused() {
            assertOnlyViolation(aValidInvoice().donatedTo("12345678"), "donation.npoban", DONATION_CODE_FORMAT);
        }

        @Test
        void donationWithACarrierIsRefused() {
            assertOnlyViolation(aValidInvoice().donatedTo("8585").carrier("3J0002", "/ABC+123"), "donation",
                    CARRIER_WITH_DONATION);
        }

        @Test
        void donationToABusinessBuyerIsRefused() {
            assertOnlyViolation(aValidInvoice().businessBuyer().donatedTo("8585").with(i -> i.setPrint(false)),
                    "donation", BUSINESS_BUYER_WITH_DONATION);
        }

        @Test
        void printedDonatedInvoiceIsRefused() {
            assertOnlyViolation(aValidInvoice().donatedTo("8585").with(i -> i.setPrint(true)), "print",
                    PRINT_WITH_DONATION);
        }

        @Test
        void donatedInvoiceIsNotPrintedByDefault() {
            CanonicalInvoice invoice = aValidInvoice().donatedTo("8585").with(i -> i.setPrint(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getPrint()).isFalse();
        }

        @Test
        void businessBuyerInvoiceIsPrintedByDefault() {
            CanonicalInvoice invoice = aValidInvoice().businessBuyer().with(i -> i.setPrint(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getPrint()).isTrue();
        }

        @Test
        void consumerInvoiceWithoutCarrierOrDonationMayBePrinted() {
            assertValid(aValidInvoice().printedForConsumer());
        }
    }

    @Nested
    class Printing {

        @Test
        void consumerInvoiceWithNeitherCarrierNorDonationIsPrintedByDefault() {
            CanonicalInvoice invoice = aValidInvoice().printedForConsumer().with(i -> i.setPrint(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getPrint()).isTrue();
        }

        @Test
        void unprintedConsumerInvoiceWithNeitherCarrierNorDonationIsRefused() {
            assertOnlyViolation(aValidInvoice().printedForConsumer().with(i -> i.setPrint(false)), "print",
                    PRINT_REQUIRED);
        }

        @Test
        void unprintedBusinessBuyerInvoiceWithoutCarrierIsRefused() {
            assertOnlyViolation(aValidInvoice().businessBuyer().with(i -> i.setPrint(false)), "print", PRINT_REQUIRED);
        }
    }

    @Nested
    class Items {

        @Test
        void invoiceWithoutItemsIsRefused() {
            assertOnlyViolation(aValidInvoice().items().withoutAmounts(), "items", ITEMS_REQUIRED);
        }

        @Test
        void invoiceWithTenThousandItemsIsRefused() {
            Item one = item("糖", "1", "1", "1", "1");
            assertOnlyViolation(aValidInvoice().withoutAmounts()
                    .with(i -> i.setItems(new ArrayList<>(Collections.nCopies(10_000, one)))), "items", TOO_MANY_ITEMS);
        }

        @Test
        void invoiceWith9999ItemsIsAccepted() {
            Item one = item("糖", "1", "1", "1", "1");
            assertValid(aValidInvoice().withoutAmounts()
                    .with(i -> i.setItems(new ArrayList<>(Collections.nCopies(9_999, one)))));
        }

        @Test
        void itemWithoutDescriptionIsRefused() {
            assertOnlyViolation(aValidInvoice().items(item("", "1", "105", "105", "1")), "items[0].description",
                    REQUIRED);
        }

        @Test
        void itemDescriptionLongerThan500CharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().items(item(repeat("品", 501), "1", "105", "105", "1")),
                    "items[0].description", TOO_LONG);
        }

        @Test
        void itemDescriptionOf500CharactersFitsTheMig() {
            assertValid(aValidInvoice().items(item(repeat("品", 500), "1", "105", "105", "1")));
        }

        @Test
        void itemWithoutQuantityIsRefused() {
            assertOnlyViolation(aValidInvoice().items(item("乾電池", null, "105", "105", "1")), "items[0].quantity",
                    REQUIRED);
        }

        @Test
        void itemWithoutAmountIsRefused() {
            assertOnlyViolation(aValidInvoice().items(item("乾電池", "1", "105", null, "1")), "items[0].amount",
                    REQUIRED);
        }

        @Test
        void unitPriceWithEightDecimalsIsMalformed() {
            assertOnlyViolation(aValidInvoice().items(item("乾電池", "1", "105.00000001", "105", "1")),
                    "items[0].unitPrice", DECIMAL_FORMAT);
        }

        @Test
        void quantityWithSevenDecimalsIsAccepted() {
            assertValid(aValidInvoice().items(item("乾電池", "1.0000001", "105", "105", "1")));
        }

        @Test
        void amountOfTwentyOneDigitsIsMalformed() {
            assertOnlyViolation(aValidInvoice().items(item("乾電池", "1", "105", "12345678901234.1234567", "1")),
                    "items[0].amount", DECIMAL_FORMAT);
        }

        @Test
        void unitLongerThanSixCharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().items(new Item("乾電池", BigDecimal.ONE, "1234567", new BigDecimal("105"),
                    new BigDecimal("105"), "1", null)), "items[0].unit", TOO_LONG);
        }

        @Test
        void itemRemarkLongerThan120CharactersIsTooLong() {
            assertOnlyViolation(aValidInvoice().items(new Item("乾電池", BigDecimal.ONE, "個", new BigDecimal("105"),
                    new BigDecimal("105"), "1", repeat("註", 121))), "items[0].remark", TOO_LONG);
        }

        @Test
        void itemTaxTypeOutsideOneTwoThreeIsRefused() {
            assertOnlyViolation(aValidInvoice().items(item("乾電池", "1", "105", "105", "4")), "items[0].taxType", ENUM);
        }

        @Test
        void amountThatIsNotQuantityTimesUnitPriceIsRefused() {
            assertOnlyViolation(aValidInvoice()
                            .items(item("A", "1", "50", "50", "1"), item("B", "1", "50", "50", "1"),
                                    item("C", "2", "2", "5", "1")),
                    "items[2].amount", ITEM_AMOUNT_MISMATCH);
        }

        @Test
        void amountWithinHalfADollarOfQuantityTimesUnitPriceIsAccepted() {
            assertValid(aValidInvoice().items(item("乾電池", "3", "34.85", "105", "1")));
        }

        @Test
        void itemAmountMismatchShowsGivenAndComputedValues() {
            Violation violation = validate(aValidInvoice().items(item("乾電池", "2", "52", "105", "1"))).get(0);

            assertThat(violation.messageEn()).contains("105").contains("104");
        }
    }

    @Nested
    class TaxTypes {

        @Test
        void invoiceTaxTypeOutsideTheListIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("5")), "taxType", ENUM);
        }

        @Test
        void itemsOfTwoTaxTypesNeedMixedInvoiceTaxType() {
            assertOnlyViolation(aValidInvoice()
                            .items(item("乾電池", "1", "105", "105", "1"), item("書", "1", "50", "50", "3"))
                            .amounts("100", "5", "0", "50", "155"),
                    "taxType", TAX_TYPE_MIXED);
        }

        @Test
        void mixedInvoiceTaxTypeNeedsItemsOfTwoTaxTypes() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("9")), "taxType", TAX_TYPE_MIXED);
        }

        @Test
        void mixedInvoiceWithTaxableAndExemptItemsIsAccepted() {
            CanonicalInvoice invoice = aValidInvoice().with(i -> i.setTaxType("9")).withoutAmounts()
                    .items(item("乾電池", "1", "105", "105", "1"), item("書", "1", "50", "50", "3"))
                    .build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("100");
            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("5");
            assertThat(invoice.getFreeTaxSalesAmount()).isEqualByComparingTo("50");
            assertThat(invoice.getZeroTaxSalesAmount()).isEqualByComparingTo("0");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("155");
        }

        @Test
        void mixedInvoiceItemWithoutTaxTypeIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("9"))
                            .items(item("乾電池", "1", "105", "105", null), item("書", "1", "50", "50", "3"))
                            .amounts("100", "5", "0", "50", "155"),
                    "items[0].taxType", REQUIRED);
        }

        @Test
        void itemTaxTypeDifferentFromTheInvoiceIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("3")).with(i -> i.setTaxRate(null))
                            .amounts("0", "0", "0", "105", "105"),
                    "items[0].taxType", ITEM_TAX_TYPE_MISMATCH);
        }

        @Test
        void specialRateInvoiceWithTaxableItemsAndExplicitRateIsAccepted() {
            CanonicalInvoice invoice = aValidInvoice().withoutAmounts()
                    .with(i -> i.setTaxType("4")).with(i -> i.setTaxRate(new BigDecimal("0.25")))
                    .items(item("夜店入場", "1", "125", "125", null))
                    .build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getItems().get(0).taxType()).isEqualTo("1");
            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("100");
            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("25");
        }

        @Test
        void specialRateInvoiceNeedsAnExplicitRate() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("4")).with(i -> i.setTaxRate(null)),
                    "taxRate", REQUIRED);
        }

        @Test
        void specialRateInvoiceWithExemptItemIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("4"))
                            .items(item("書", "1", "105", "105", "3")),
                    "items[0].taxType", ITEM_TAX_TYPE_MISMATCH);
        }

        @Test
        void taxRateOfOneIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxRate(BigDecimal.ONE)), "taxRate", TAX_RATE);
        }

        @Test
        void negativeTaxRateIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxRate(new BigDecimal("-0.05"))), "taxRate", TAX_RATE);
        }

        @Test
        void exemptInvoiceWithNonZeroRateIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setTaxType("3"))
                            .items(item("書", "1", "105", "105", "3"))
                            .amounts("0", "0", "0", "105", "105"),
                    "taxRate", TAX_RATE);
        }

        @Test
        void exemptInvoiceGetsRateZeroByDefault() {
            CanonicalInvoice invoice = aValidInvoice().with(i -> i.setTaxType("3")).with(i -> i.setTaxRate(null))
                    .items(item("書", "1", "105", "105", null)).withoutAmounts().build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getTaxRate()).isEqualByComparingTo("0");
            assertThat(invoice.getFreeTaxSalesAmount()).isEqualByComparingTo("105");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("105");
        }
    }

    @Nested
    class ZeroRated {

        private InvoiceBuilder zeroRatedInvoice() {
            return aValidInvoice().with(i -> {
                i.setTaxType("2");
                i.setTaxRate(null);
                i.setZeroTaxRateReason("71");
                i.setCustomsClearanceMark("1");
            }).items(item("外銷貨品", "1", "105", "105", "2")).amounts("0", "0", "105", "0", "105");
        }

        @Test
        void zeroRatedInvoiceWithReasonAndCustomsMarkIsAccepted() {
            assertValid(zeroRatedInvoice());
        }

        @Test
        void zeroRatedInvoiceWithoutReasonIsRefused() {
            assertOnlyViolation(zeroRatedInvoice().with(i -> i.setZeroTaxRateReason(null)), "zeroTaxRateReason",
                    ZERO_TAX_REASON_REQUIRED);
        }

        @Test
        void zeroTaxRateReasonOutsideSeventyOneToSeventyNineIsRefused() {
            assertOnlyViolation(zeroRatedInvoice().with(i -> i.setZeroTaxRateReason("70")), "zeroTaxRateReason", ENUM);
        }

        @Test
        void zeroRatedInvoiceWithoutCustomsMarkIsRefused() {
            assertOnlyViolation(zeroRatedInvoice().with(i -> i.setCustomsClearanceMark(null)), "customsClearanceMark",
                    CUSTOMS_MARK_REQUIRED);
        }

        @Test
        void customsMarkOtherThanOneOrTwoIsRefused() {
            assertOnlyViolation(zeroRatedInvoice().with(i -> i.setCustomsClearanceMark("3")), "customsClearanceMark",
                    ENUM);
        }

        @Test
        void zeroRatedInvoiceWithNonZeroRateIsRefused() {
            assertOnlyViolation(zeroRatedInvoice().with(i -> i.setTaxRate(new BigDecimal("0.05"))), "taxRate",
                    TAX_RATE);
        }

        @Test
        void mixedInvoiceWithAZeroRatedItemNeedsAReason() {
            assertOnlyViolation(aValidInvoice()
                            .with(i -> {
                                i.setTaxType("9");
                                i.setCustomsClearanceMark("2");
                            })
                            .items(item("乾電池", "1", "105", "105", "1"), item("外銷貨品", "1", "50", "50", "2"))
                            .amounts("100", "5", "50", "0", "155"),
                    "zeroTaxRateReason", ZERO_TAX_REASON_REQUIRED);
        }

        @Test
        void taxableInvoiceWithZeroTaxRateReasonIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setZeroTaxRateReason("71")), "zeroTaxRateReason",
                    ZERO_TAX_FIELDS_NOT_ALLOWED);
        }

        @Test
        void taxableInvoiceWithCustomsMarkIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setCustomsClearanceMark("1")), "customsClearanceMark",
                    ZERO_TAX_FIELDS_NOT_ALLOWED);
        }
    }

    @Nested
    class Amounts {

        private CanonicalInvoice derived(InvoiceBuilder builder) {
            CanonicalInvoice invoice = builder.withoutAmounts().build();
            assertThat(validator.validate(invoice)).isEmpty();
            return invoice;
        }

        @Test
        void inclusiveTotalOf105At5PercentIsSales100AndTax5() {
            CanonicalInvoice invoice = derived(aValidInvoice());

            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("100");
            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("5");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("105");
            assertThat(invoice.getZeroTaxSalesAmount()).isEqualByComparingTo("0");
            assertThat(invoice.getFreeTaxSalesAmount()).isEqualByComparingTo("0");
        }

        @Test
        void inclusiveTotalOf100At5PercentIsTax5AndSales95() {
            CanonicalInvoice invoice = derived(aValidInvoice().items(item("乾電池", "1", "100", "100", "1")));

            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("5");
            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("95");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("100");
        }

        @Test
        void exclusivePricesAddTaxOnTopOfTheSales() {
            CanonicalInvoice invoice = derived(aValidInvoice().with(i -> i.setPricesIncludeTax(false))
                    .items(item("乾電池", "1", "100", "100", "1")));

            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("100");
            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("5");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("105");
        }

        @Test
        void exclusiveTaxOfExactlyHalfADollarRoundsUp() {
            CanonicalInvoice invoice = derived(aValidInvoice().with(i -> i.setPricesIncludeTax(false))
                    .items(item("糖", "1", "10", "10", "1")));

            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("1");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("11");
        }

        @Test
        void fractionalItemAmountsAreSummedBeforeRounding() {
            CanonicalInvoice invoice = derived(aValidInvoice()
                    .items(item("A", "1", "52.25", "52.25", "1"), item("B", "1", "52.25", "52.25", "1")));

            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("105");
            assertThat(invoice.getTaxAmount()).isEqualByComparingTo("5");
        }

        @Test
        void givenTaxWithinToleranceIsAcceptedAndSalesFollowIt() {
            CanonicalInvoice invoice = aValidInvoice().amounts(null, "6", null).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getSalesAmount()).isEqualByComparingTo("99");
            assertThat(invoice.getTotalAmount()).isEqualByComparingTo("105");
        }

        @Test
        void taxOutsideToleranceIsRefused() {
            assertOnlyViolation(aValidInvoice().amounts("100", "7", "105"), "taxAmount", TAX_AMOUNT_MISMATCH);
        }

        @Test
        void taxMismatchShowsGivenAndExpectedValues() {
            Violation violation = validate(aValidInvoice().amounts("98", "7", "105")).get(0);

            assertThat(violation.messageEn()).contains("7").contains("5");
            assertThat(violation.messageZh()).contains("7").contains("5");
        }

        @Test
        void inclusiveSalesThatDoNotAddUpToTheGrossAreRefused() {
            assertOnlyViolation(aValidInvoice().amounts("99", "5", "105"), "salesAmount", SALES_AMOUNT_MISMATCH);
        }

        @Test
        void exclusiveSalesOtherThanTheItemSumAreRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setPricesIncludeTax(false))
                            .items(item("乾電池", "1", "100", "100", "1")).amounts("101", "5", "106"),
                    "salesAmount", SALES_AMOUNT_MISMATCH);
        }

        @Test
        void zeroRatedSalesWithoutZeroRatedItemsAreRefused() {
            assertOnlyViolation(aValidInvoice().amounts("100", "5", "10", "0", "115"), "zeroTaxSalesAmount",
                    ZERO_TAX_SALES_MISMATCH);
        }

        @Test
        void exemptSalesWithoutExemptItemsAreRefused() {
            assertOnlyViolation(aValidInvoice().amounts("100", "5", "0", "10", "115"), "freeTaxSalesAmount",
                    FREE_TAX_SALES_MISMATCH);
        }

        @Test
        void totalOtherThanTheSumOfItsPartsIsRefused() {
            assertOnlyViolation(aValidInvoice().amounts("100", "5", "106"), "totalAmount", TOTAL_AMOUNT_MISMATCH);
        }

        @Test
        void fractionalTotalIsMalformed() {
            assertOnlyViolation(aValidInvoice().amounts("100", "5", "105.5"), "totalAmount", AMOUNT_FORMAT);
        }

        @Test
        void negativeTaxIsMalformed() {
            assertOnlyViolation(aValidInvoice().amounts("100", "-5", "105"), "taxAmount", AMOUNT_FORMAT);
        }

        @Test
        void salesAmountOfThirteenDigitsIsMalformed() {
            assertOnlyViolation(aValidInvoice().amounts("1000000000000", "5", "105"), "salesAmount", AMOUNT_FORMAT);
        }
    }

    @Nested
    class IssueTime {

        @Test
        void issueTimeDefaultsToNowInTaipei() {
            CanonicalInvoice invoice = aValidInvoice().with(i -> i.setIssuedAt(null)).build();

            assertThat(validator.validate(invoice)).isEmpty();
            assertThat(invoice.getIssuedAt()).isEqualTo(NOW);
            assertThat(invoice.getIssuedAt().getOffset()).isEqualTo(NOW.getOffset());
        }

        @Test
        void issueTimeWithinTheFutureToleranceIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setIssuedAt(NOW.plusMinutes(10))));
        }

        @Test
        void issueTimeBeyondTheFutureToleranceIsRefused() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setIssuedAt(NOW.plusMinutes(11))), "issuedAt",
                    ISSUED_IN_FUTURE);
        }

        @Test
        void issueTimeEarlierInTheCurrentPeriodIsAccepted() {
            assertValid(aValidInvoice().with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-11-01T00:00:00+08:00"))));
        }

        @Test
        void issueTimeInThePreviousPeriodIsRefusedAfterTheGraceDays() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-10-31T23:59:59+08:00"))),
                    "issuedAt", PERIOD_CLOSED);
        }

        @Test
        void issueTimeInThePreviousPeriodIsAcceptedOnTheLastGraceDay() {
            InvoiceValidator onSecondOfJanuary = validatorAt(OffsetDateTime.parse("2027-01-02T23:59:00+08:00"));

            assertThat(onSecondOfJanuary.validate(aValidInvoice()
                    .with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-12-31T23:00:00+08:00"))).build())).isEmpty();
        }

        @Test
        void issueTimeInThePreviousPeriodIsRefusedTheDayAfterTheGrace() {
            InvoiceValidator onThirdOfJanuary = validatorAt(OffsetDateTime.parse("2027-01-03T00:00:00+08:00"));

            assertOnlyViolation(onThirdOfJanuary, aValidInvoice()
                            .with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-12-31T23:00:00+08:00"))),
                    "issuedAt", PERIOD_CLOSED);
        }

        @Test
        void issueTimeTwoPeriodsBackIsRefusedEvenDuringTheGrace() {
            InvoiceValidator onFirstOfJanuary = validatorAt(OffsetDateTime.parse("2027-01-01T09:00:00+08:00"));

            assertOnlyViolation(onFirstOfJanuary, aValidInvoice()
                            .with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-10-31T12:00:00+08:00"))),
                    "issuedAt", PERIOD_CLOSED);
        }

        @Test
        void issueTimeBeforeTheRocCalendarIsOutOfRangeRatherThanAnError() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setIssuedAt(OffsetDateTime.parse("1900-01-01T00:00:00+08:00"))),
                    "issuedAt", DATE_OUT_OF_RANGE);
        }

        @Test
        void issueTimePastTheRocCalendarsThreeDigitYearsIsOutOfRange() {
            assertOnlyViolation(aValidInvoice().with(i -> i.setIssuedAt(OffsetDateTime.parse("2911-01-01T00:00:00+08:00"))),
                    "issuedAt", DATE_OUT_OF_RANGE);
        }

        @Test
        void periodIsReckonedInTaipeiTime() {
            InvoiceValidator onFifthOfJanuary = validatorAt(OffsetDateTime.parse("2027-01-05T09:00:00+08:00"));

            // 17:00 UTC on 31 December is already 1 January in Taipei, so it falls in the current period.
            assertThat(onFifthOfJanuary.validate(aValidInvoice()
                    .with(i -> i.setIssuedAt(OffsetDateTime.parse("2026-12-31T17:00:00Z"))).build())).isEmpty();
        }
    }
}
