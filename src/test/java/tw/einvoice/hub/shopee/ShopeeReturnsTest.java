package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.reference.TurnkeyValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Shopee's returns and partly cancelled orders as Shopee reports them (issue 11, items 3 and 4), against the fake
 * Shopee (a real HTTP server) and the hub on embedded PostgreSQL, Artemis and the Turnkey simulator.
 */
class ShopeeReturnsTest extends HubIntegrationTest {

    static final long PARTNER = 2001888;
    static final String KEY = "shpk-returns-partner-key";
    static final long PAID_SHOP = 200001;
    static final long MOVED_ON_SHOP = 200002;
    static final long UNPAID_SHOP = 200003;
    static final long LINES_SHOP = 200004;
    static final FakeShopee FAKE = FakeShopee.started(PARTNER, KEY);

    @DynamicPropertySource
    static void shopee(DynamicPropertyRegistry r) {
        FAKE.register(r, "/shopee-returns", PARTNER, KEY, "https://hub.example.com/api/v1/shopee/push");
        r.add("hub.shopee.lost-push-period", () -> "PT0S");
        for (long shop : List.of(PAID_SHOP, MOVED_ON_SHOP, UNPAID_SHOP, LINES_SHOP)) {
            r.add("hub.shopee.shops." + shop + ".seller-id", () -> DEMO_SELLER);
        }
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @Autowired
    ShopeeOrders orders;
    @Autowired
    ShopeeTokens tokens;
    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;

    @Test
    void returnSeenFirstAsRefundPaidMakesExactlyOneAllowanceOfTheDetailsAmountAndNothingMoreWhenSeenClosedLater() {
        tokens.exchangeCode("code-paid", PAID_SHOP);
        StoredInvoice invoice = confirmedInvoice(PAID_SHOP, FakeShopee.order("RP0001", "COMPLETED", now() - 60, 100, 3));
        // the list rounds to what the buyer asked for; the detail has what was paid back, item by item
        ObjectNode listed = returned("RS-PAID-1", "RP0001", "REFUND_PAID", 200);
        FAKE.returns.put(PAID_SHOP, new ArrayList<>(List.of(listed)));
        ObjectNode detail = returned("RS-PAID-1", "RP0001", "REFUND_PAID", 190);
        detail.putArray("item").addObject().put("item_id", 2001).put("model_id", 3001).put("name", "乾電池")
                .put("amount", 2).put("item_price", 100).put("refund_amount", 190);
        FAKE.returnDetails.put("RS-PAID-1", detail);

        orders.poll(PAID_SHOP);

        assertThat(allowances(invoice)).as("amount + tax of each allowance").containsExactly(190);
        assertThat(allowanceLine(invoice)).isEqualTo("乾電池 ×2: 181 + 9");
        assertThat(state("RS-PAID-1")).isEqualTo("DONE");
        assertTurnkeyAccepts(invoice, "F0401", "G0401");
        int details = FAKE.calls(ShopeeOrders.RETURN_DETAIL);
        int escrows = FAKE.calls(ShopeeOrders.ESCROW_DETAIL);

        // the same return again in the overlap, then closed: Shopee bumps update_time, the poll sees it again
        orders.poll(PAID_SHOP);
        FAKE.returns.put(PAID_SHOP, List.of(returned("RS-PAID-1", "RP0001", "CLOSED", 200)));
        orders.poll(PAID_SHOP);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> allowances(invoice).size() == 1
                && adjustments("RS-PAID-1") == 1);
        assertThat(FAKE.calls(ShopeeOrders.RETURN_DETAIL)).as("a recorded return is not asked about again").isEqualTo(details);
        assertThat(FAKE.calls(ShopeeOrders.ESCROW_DETAIL)).as("nor is its order's escrow").isEqualTo(escrows);
    }

    @Test
    void returnThatMovedOnFromRefundPaidToClosedBetweenTwoPollsStillMakesItsAllowanceOnce() {
        tokens.exchangeCode("code-moved", MOVED_ON_SHOP);
        StoredInvoice invoice = confirmedInvoice(MOVED_ON_SHOP, FakeShopee.order("MV0001", "COMPLETED", now() - 60, 105, 2));
        FAKE.returns.put(MOVED_ON_SHOP, List.of(returned("RS-MOVED-1", "MV0001", "CLOSED", 105)));
        // the order's escrow lists the return and the money that went back to the buyer
        ObjectNode escrow = FakeShopee.JSON.createObjectNode().put("order_sn", "MV0001");
        escrow.putArray("return_order_sn_list").add("RS-MOVED-1");
        escrow.putObject("order_income").put("seller_return_refund", -105).putArray("items");
        FAKE.escrows.put("MV0001", escrow);

        orders.poll(MOVED_ON_SHOP);
        orders.poll(MOVED_ON_SHOP);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> allowances(invoice).size() == 1);
        assertThat(allowances(invoice)).containsExactly(105);
        assertThat(allowanceLine(invoice)).as("no item refunds in the detail: one line of refund_amount")
                .isEqualTo("蝦皮退貨退款 RS-MOVED-1 ×1: 100 + 5");
    }

    @Test
    void returnWhoseRefundIsNotPaidMakesNoAllowanceAndIsNotRecorded() {
        tokens.exchangeCode("code-unpaid", UNPAID_SHOP);
        StoredInvoice invoice = confirmedInvoice(UNPAID_SHOP, FakeShopee.order("UP0001", "COMPLETED", now() - 60, 105, 4));
        List<String> waiting = List.of("REQUESTED", "ACCEPTED", "PROCESSING", "JUDGING", "SELLER_DISPUTE", "CANCELLED");
        List<ObjectNode> listed = new ArrayList<>();
        for (String status : waiting) {
            listed.add(returned("RS-UNPAID-" + status, "UP0001", status, 105));
        }
        // closed without a refund: escrow knows no such return
        listed.add(returned("RS-UNPAID-CLOSED", "UP0001", "CLOSED", 105));
        FAKE.returns.put(UNPAID_SHOP, listed);
        int details = FAKE.calls(ShopeeOrders.RETURN_DETAIL);

        orders.poll(UNPAID_SHOP);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> allowances(invoice).isEmpty());
        assertThat(jdbc.sql("SELECT count(*) FROM shopee_adjustment WHERE order_sn = 'UP0001'").query(Long.class).single()).isZero();
        assertThat(FAKE.calls(ShopeeOrders.RETURN_DETAIL)).as("no detail is fetched for a refund not paid").isEqualTo(details);
    }

    @Test
    void lineWithOneOfThreeUnitsCancelledIsInvoicedForTwoAndAFullyCancelledLineIsDropped() {
        tokens.exchangeCode("code-lines-partial", LINES_SHOP);
        ObjectNode order = FakeShopee.order("PC0001", "COMPLETED", now() - 60, 105, 3);
        ObjectNode line = (ObjectNode) order.path("item_list").get(0);
        line.put("line_item_id", 880001).put("active_qty", 2).put("cancelled_qty", 1).put("returned_qty", 0);
        ((ArrayNode) order.path("item_list")).addObject().put("item_id", 2002).put("item_name", "手電筒").put("model_id", 0)
                .put("model_name", "").put("model_quantity_purchased", 1).put("model_original_price", 390)
                .put("model_discounted_price", 390).put("promotion_type", "").put("line_item_id", 880002)
                .put("active_qty", 0).put("cancelled_qty", 1);

        StoredInvoice invoice = confirmedInvoice(LINES_SHOP, order);

        CanonicalInvoice doc = invoice.document();
        assertThat(doc.getItems()).extracting(CanonicalInvoice.Item::description, i -> i.quantity().intValue(), CanonicalInvoice.Item::amount)
                .containsExactly(tuple("乾電池", 2, new BigDecimal("210")));
        // 210 NTD tax included at 5 %: sales 200 + tax 10, and the platform took it
        assertThat(doc.getSalesAmount()).isEqualByComparingTo("200");
        assertThat(doc.getTaxAmount()).isEqualByComparingTo("10");
        assertThat(doc.getTotalAmount()).isEqualByComparingTo("210");
        assertTurnkeyAccepts(invoice, "F0401");
    }

    @Test
    void bundleLinesSharingItemAndModelTakeTheirOwnEscrowPricesByLineItemId() {
        tokens.exchangeCode("code-lines-bundle", LINES_SHOP);
        ObjectNode order = FakeShopee.order("BD0001", "COMPLETED", now() - 60, 150, 2);
        ArrayNode items = (ArrayNode) order.path("item_list");
        ((ObjectNode) items.get(0)).put("model_discounted_price", 0).put("promotion_type", "bundle_deal").put("line_item_id", 990001);
        items.add(((ObjectNode) items.get(0).deepCopy()).put("model_quantity_purchased", 1).put("line_item_id", 990002));
        // escrow lists the second line first, at another price: item_id + model_id alone would mix them up
        ObjectNode escrow = FakeShopee.JSON.createObjectNode().put("order_sn", "BD0001");
        escrow.putArray("return_order_sn_list");
        ArrayNode income = escrow.putObject("order_income").put("buyer_paid_shipping_fee", 0).putArray("items");
        income.addObject().put("item_id", 2001).put("model_id", 3001).put("line_item_id", 990002).put("quantity_purchased", 1)
                .put("original_price", 150).put("discounted_price", 120).put("activity_type", "bundle_deal");
        income.addObject().put("item_id", 2001).put("model_id", 3001).put("line_item_id", 990001).put("quantity_purchased", 2)
                .put("original_price", 300).put("discounted_price", 270).put("activity_type", "bundle_deal");
        FAKE.escrows.put("BD0001", escrow);

        StoredInvoice invoice = confirmedInvoice(LINES_SHOP, order);

        assertThat(invoice.document().getItems()).extracting(i -> i.quantity().intValue(), CanonicalInvoice.Item::amount)
                .containsExactly(tuple(2, new BigDecimal("270")), tuple(1, new BigDecimal("120")));
        assertThat(invoice.document().getTotalAmount()).isEqualByComparingTo("390");
        assertTurnkeyAccepts(invoice, "F0401");
    }

    @Test
    void oldShapeWithoutLineIdsOrCancelledQuantitiesInvoicesAsBefore() {
        tokens.exchangeCode("code-lines-old", LINES_SHOP);
        ObjectNode bundle = FakeShopee.order("OLD0002", "COMPLETED", now() - 60, 150, 2);
        ((ObjectNode) bundle.path("item_list").get(0)).put("model_discounted_price", 0).put("promotion_type", "bundle_deal");

        StoredInvoice plain = confirmedInvoice(LINES_SHOP, FakeShopee.order("OLD0001", "COMPLETED", now() - 60, 105, 3));
        StoredInvoice joined = confirmedInvoice(LINES_SHOP, bundle);

        assertThat(plain.document().getItems()).extracting(i -> i.quantity().intValue(), CanonicalInvoice.Item::amount)
                .containsExactly(tuple(3, new BigDecimal("315")));
        // the fake's escrow (no line_item_id) takes 20 % off 2 × 150, joined by item_id + model_id
        assertThat(joined.document().getItems()).extracting(i -> i.quantity().intValue(), CanonicalInvoice.Item::amount)
                .containsExactly(tuple(2, new BigDecimal("240")));
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** Polls the shop until the order's invoice is confirmed by the (simulated) platform. */
    private StoredInvoice confirmedInvoice(long shop, ObjectNode order) {
        FAKE.addOrder(shop, order);
        String sn = order.path("order_sn").asText();
        orders.poll(shop);
        return await().atMost(Duration.ofSeconds(60)).until(() -> invoice(shop, sn),
                i -> i.isPresent() && i.get().status() == InvoiceStatus.CONFIRMED).orElseThrow();
    }

    private Optional<StoredInvoice> invoice(long shop, String sn) {
        return invoices.findBySource(ShopeeOrders.connector(shop), sn);
    }

    /** A return as get_return_list (and, without more, get_return_detail) shows it. */
    private ObjectNode returned(String returnSn, String orderSn, String status, double refund) {
        return FakeShopee.JSON.createObjectNode().put("return_sn", returnSn).put("order_sn", orderSn).put("status", status)
                .put("refund_amount", refund).put("currency", "TWD").put("update_time", now()).put("text_reason", "不想要了");
    }

    /** amount + tax of each allowance of the invoice, whole NTD */
    private List<Integer> allowances(StoredInvoice invoice) {
        return jdbc.sql("SELECT amount + tax FROM allowance WHERE invoice_id = ? ORDER BY allowance_number").param(invoice.id())
                .query((rs, n) -> rs.getBigDecimal(1).intValueExact()).list();
    }

    /** The invoice's stored messages, of exactly these types in this order, each as the real Turnkey validator judges it. */
    private void assertTurnkeyAccepts(StoredInvoice invoice, String... types) {
        List<String[]> stored = jdbc.sql("""
                        SELECT m.message_type, m.file_name, m.xml FROM invoice_message m
                        WHERE m.invoice_id = ? ORDER BY m.created_at""").param(invoice.id())
                .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list();
        assertThat(stored).extracting(m -> m[0]).containsExactly(types);
        try {
            Path folder = Files.createTempDirectory(Path.of("target"), "shopee-turnkey-");
            for (String[] m : stored) {
                Path file = Files.writeString(folder.resolve(m[1]), m[2]);
                TurnkeyValidator.Verdict verdict = TurnkeyValidator.validate(m[0], file);
                assertThat(verdict.ok()).as("Turnkey's validator on " + m[1] + ": " + verdict).isTrue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one G0401 line as "name ×quantity: amount + tax", read from the stored message. */
    private String allowanceLine(StoredInvoice invoice) {
        String xml = jdbc.sql("SELECT m.xml FROM invoice_message m JOIN allowance a ON a.allowance_number = m.reference"
                + " WHERE a.invoice_id = ? AND m.message_type = 'G0401'").param(invoice.id()).query(String.class).single();
        return tag(xml, "OriginalDescription") + " ×" + new BigDecimal(tag(xml, "Quantity")).stripTrailingZeros().toPlainString()
                + ": " + new BigDecimal(tag(xml, "Amount")).stripTrailingZeros().toPlainString()
                + " + " + new BigDecimal(tag(xml, "Tax")).stripTrailingZeros().toPlainString();
    }

    private static String tag(String xml, String name) {
        int start = xml.indexOf("<" + name + ">") + name.length() + 2;
        return xml.substring(start, xml.indexOf("</" + name + ">", start));
    }

    private String state(String returnSn) {
        return jdbc.sql("SELECT state FROM shopee_adjustment WHERE kind = 'REFUND' AND ref = ?").param(returnSn).query(String.class).single();
    }

    private long adjustments(String returnSn) {
        return jdbc.sql("SELECT count(*) FROM shopee_adjustment WHERE ref = ?").param(returnSn).query(Long.class).single();
    }
}
