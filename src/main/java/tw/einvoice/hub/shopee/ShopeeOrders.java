package tw.einvoice.hub.shopee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.issue.Adjustments;
import tw.einvoice.hub.transmit.TurnkeyGateway;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Shopee orders into the hub. {@link #poll(long)} walks {@code update_time} windows (≤ 15 days, overlapping the
 * last by {@code overlap}) with cursor paging, fetches details in batches of 50, and hands every order that has
 * reached {@code issue-status} to {@code direct:intake}; the watermark moves only after intake stored the window,
 * so a crash repeats a window (intake recognises repeats by connector + order_sn) and never skips one. Cancelled
 * orders and paid refunds (returns) become cancel/allowance requests, applied once the invoice is confirmed.
 * A push ({@link #fetch}) takes the same path for one order; the poller recovers lost pushes.
 */
public class ShopeeOrders {

    private static final Logger log = LoggerFactory.getLogger(ShopeeOrders.class);
    static final String ORDER_LIST = "/api/v2/order/get_order_list";
    static final String ORDER_DETAIL = "/api/v2/order/get_order_detail";
    static final String ESCROW_DETAIL = "/api/v2/payment/get_escrow_detail";
    static final String RETURN_LIST = "/api/v2/returns/get_return_list";
    static final String RETURN_DETAIL = "/api/v2/returns/get_return_detail";
    /** What the mapping and the adjustments read; Shopee returns these only when asked. */
    static final String OPTIONAL_FIELDS = "buyer_user_id,buyer_username,item_list,total_amount,pay_time,payment_method,"
            + "cancel_by,cancel_reason,buyer_cancel_reason,note,package_list";
    /**
     * get_order_list (and get_return_list) take "a maximum date range of 15 days" and Shopee refuses a window of
     * exactly 15: windows are 14 days, so a catch-up is split and no window reaches the limit.
     */
    static final long MAX_WINDOW = 14L * 24 * 3600;
    /** A bounded catch-up per run: a shop months behind catches up over several runs instead of one long one. */
    static final int MAX_WINDOWS_PER_RUN = 30;
    /** Shopee's ReturnStatus once the buyer has the money back: the one status an allowance is made on. */
    static final String REFUND_PAID = "REFUND_PAID";
    /** A status after REFUND_PAID as well as after a refused request: only the order's escrow tells which. */
    static final String CLOSED = "CLOSED";

    private final ShopeeClient client;
    private final ShopeeTokens tokens;
    private final ShopeeProperties settings;
    private final JdbcClient jdbc;
    private final ProducerTemplate producer;
    private final InvoiceStore invoices;
    private final Adjustments adjustments;
    private final TurnkeyGateway gateway;
    private final TransactionTemplate tx;
    private final Clock clock;

    ShopeeOrders(ShopeeClient client, ShopeeTokens tokens, ShopeeProperties settings, JdbcClient jdbc,
                        ProducerTemplate producer, InvoiceStore invoices, Adjustments adjustments, TurnkeyGateway gateway,
                        TransactionTemplate tx, Clock clock) {
        this.gateway = gateway;
        this.tx = tx;
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.jdbc = jdbc;
        this.producer = producer;
        this.invoices = invoices;
        this.adjustments = adjustments;
        this.clock = clock;
    }

    /** What one run did, for the route's log. */
    public record PollResult(long shopId, boolean skipped, int listed, int issued, int adjusted, Long watermark) {
    }

    public static String connector(long shopId) {
        return "shopee-" + shopId;
    }

    /** One polling run for a shop: orders, then returns, then adjustments still waiting for confirmation. */
    public PollResult poll(long shopId) {
        if (!settings.shops().containsKey(Long.toString(shopId))) {
            // without hub.shopee.shops.<id> there is no seller to invoice for: nothing to fetch. Shop 0 is the
            // shipped route's unset default (HUB_SHOPEE_SHOP_ID), enabled before a shop was chosen: stay quiet
            if (shopId == 0) {
                log.debug("Shopee: no shop configured for routes/shopee-tw.yaml (HUB_SHOPEE_SHOP_ID)");
            } else {
                log.warn("Shopee shop {} is not configured (hub.shopee.shops.{}): not polled", shopId, shopId);
            }
            return new PollResult(shopId, true, 0, 0, 0, null);
        }
        if (invoiceByShopee(shopId)) {
            return new PollResult(shopId, true, 0, 0, 0, null);
        }
        long now = clock.instant().getEpochSecond();
        Long cursor = jdbc.sql("SELECT order_cursor FROM shopee_shop WHERE shop_id = ?").param(shopId)
                .query(Long.class).optional().orElse(null);
        long from = cursor == null ? now - settings.initialLookback().toSeconds() : cursor - settings.overlap().toSeconds();
        int listed = 0;
        int issued = 0;
        for (int w = 0; w < MAX_WINDOWS_PER_RUN && from < now; w++) {
            long to = Math.min(now, from + MAX_WINDOW);
            List<String> sns = list(shopId, from, to);
            listed += sns.size();
            issued += handle(shopId, sns);
            jdbc.sql("UPDATE shopee_shop SET order_cursor = ?, updated_at = now() WHERE shop_id = ?").params(to, shopId).update();
            cursor = to;
            from = to;
        }
        returns(shopId, now);
        int adjusted = applyPending(shopId);
        log.info("Shopee shop {}: {} orders listed, {} handed to intake, {} adjustments applied", shopId, listed, issued, adjusted);
        return new PollResult(shopId, false, listed, issued, adjusted, cursor);
    }

    /** Fetches the given orders now (a push) and treats them as the poller would. */
    public int fetch(long shopId, List<String> orderSns) {
        if (invoiceByShopee(shopId)) {
            return 0;
        }
        int n = handle(shopId, orderSns);
        applyPending(shopId);
        return n;
    }

    private boolean invoiceByShopee(long shopId) {
        // configuration wins; the column lets an operator switch a shop without a restart
        return settings.shop(shopId).invoiceByShopee() || jdbc.sql("SELECT invoice_by_shopee FROM shopee_shop WHERE shop_id = ?")
                .param(shopId).query(Boolean.class).optional().orElse(false);
    }

    private List<String> list(long shopId, long from, long to) {
        Set<String> sns = new LinkedHashSet<>();
        String cursor = "";
        do {
            Map<String, String> p = ShopeeClient.params("time_range_field", "update_time", "time_from", Long.toString(from),
                    "time_to", Long.toString(to), "page_size", "100", "cursor", cursor);
            JsonNode r = tokens.withToken(shopId, t -> client.shopGet(shopId, t, ORDER_LIST, p)).path("response");
            r.path("order_list").forEach(o -> sns.add(o.path("order_sn").asText()));
            cursor = r.path("more").asBoolean(false) ? r.path("next_cursor").asText("") : "";
        } while (!cursor.isEmpty());
        return new ArrayList<>(sns);
    }

    private int handle(long shopId, List<String> sns) {
        int issued = 0;
        for (int i = 0; i < sns.size(); i += 50) {
            String batch = String.join(",", sns.subList(i, Math.min(sns.size(), i + 50)));
            Map<String, String> p = ShopeeClient.params("order_sn_list", batch, "response_optional_fields", OPTIONAL_FIELDS);
            JsonNode r = tokens.withToken(shopId, t -> client.shopGet(shopId, t, ORDER_DETAIL, p)).path("response");
            ArrayNode ready = ShopeeClient.JSON.createArrayNode();
            for (JsonNode order : r.path("order_list")) {
                String status = order.path("order_status").asText();
                if (settings.issueStatus().equals(status)) {
                    ready.add(prepare(shopId, (ObjectNode) order));
                } else if ("CANCELLED".equals(status)) {
                    record(shopId, order.path("order_sn").asText(), "CANCEL", order.path("order_sn").asText(), null,
                            order.path("cancel_reason").asText(""));
                }
            }
            issued += intake(shopId, ready);
        }
        return issued;
    }

    /** The order as the mapping reads it: escrow for bundle deals, and the shop's hub settings. */
    private ObjectNode prepare(long shopId, ObjectNode order) {
        String sn = order.path("order_sn").asText();
        if (needsEscrow(order)) {
            // bundle-deal lines carry model_discounted_price 0; only escrow detail has their real prices
            JsonNode escrow = tokens.withToken(shopId, t -> client.shopGet(shopId, t, ESCROW_DETAIL,
                    ShopeeClient.params("order_sn", sn))).path("response");
            order.set("escrow", escrow);
        }
        ShopeeProperties.Shop shop = settings.shop(shopId);
        ObjectNode hub = order.putObject("shop");
        hub.put("shopId", shopId);
        if (shop.sellerId() != null) {
            hub.put("sellerId", shop.sellerId());
        }
        if (shop.branchId() != null) {
            hub.put("branchId", shop.branchId());
        }
        hub.put("carrierFromMessage", shop.carrierFromMessage());
        hub.put("memberCarrierType", shop.memberCarrierType());
        return order;
    }

    /**
     * One delivery per detail batch: intake stores the batch in one transaction and sends one queue message,
     * where one delivery per order cost a commit and a journal sync each. Intake tells the orders apart by the
     * sourceRef (order_sn) the mapping writes.
     */
    private int intake(long shopId, ArrayNode ready) {
        if (ready.isEmpty()) {
            return 0;
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(IntakeHeaders.CONNECTOR, connector(shopId));
        headers.put(IntakeHeaders.MAPPING, "shopee-order");
        headers.put(IntakeHeaders.SOURCE_REF_FIELD, "order_sn");
        if (ready.size() == 1) {
            headers.put(IntakeHeaders.SOURCE_REF, ready.get(0).path("order_sn").asText());
        }
        Object body = ready.size() == 1 ? ready.get(0) : ready;
        Object result = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, body, headers);
        int accepted = 0;
        if (result instanceof List<?> outcomes) {
            for (Object o : outcomes) {
                if (o instanceof IntakeOutcome outcome) {
                    if (outcome.rejected()) {
                        log.warn("Shopee order {} rejected by intake (rejected record #{}): {}", outcome.sourceRef(),
                                outcome.rejectedId(), outcome.violations());
                    }
                    accepted += outcome.result() == IntakeOutcome.Result.ACCEPTED ? 1 : 0;
                }
            }
        }
        return accepted;
    }

    static boolean needsEscrow(JsonNode order) {
        for (JsonNode item : order.path("item_list")) {
            if ("bundle_deal".equals(item.path("promotion_type").asText()) || item.path("model_discounted_price").asDouble(0) == 0) {
                return true;
            }
        }
        return false;
    }

    private void returns(long shopId, long now) {
        Long cursor = jdbc.sql("SELECT return_cursor FROM shopee_shop WHERE shop_id = ?").param(shopId)
                .query(Long.class).optional().orElse(null);
        long from = cursor == null ? now - settings.initialLookback().toSeconds() : cursor - settings.overlap().toSeconds();
        for (int w = 0; w < MAX_WINDOWS_PER_RUN && from < now; w++) {
            long to = Math.min(now, from + MAX_WINDOW);
            boolean more = true;
            for (int page = 0; more; page++) {
                Map<String, String> p = ShopeeClient.params("page_no", Integer.toString(page), "page_size", "100",
                        "update_time_from", Long.toString(from), "update_time_to", Long.toString(to));
                JsonNode r = tokens.withToken(shopId, t -> client.shopGet(shopId, t, RETURN_LIST, p)).path("response");
                for (JsonNode ret : r.path("return")) {
                    refund(shopId, ret);
                }
                more = r.path("more").asBoolean(false);
            }
            jdbc.sql("UPDATE shopee_shop SET return_cursor = ?, updated_at = now() WHERE shop_id = ?").params(to, shopId).update();
            from = to;
        }
    }

    /**
     * One return as get_return_list shows it now. The list is read by update_time, never filtered by status, so
     * every change of a return is seen, though only in the status it has when the poll comes. The allowance is
     * decided by the refund having been paid: REFUND_PAID, or CLOSED when the order's escrow lists the return
     * with money refunded (the return went on from REFUND_PAID between two polls). Its amount and lines come from
     * get_return_detail. A return_sn is recorded once, whatever status it is seen in later.
     */
    private void refund(long shopId, JsonNode ret) {
        String status = ret.path("status").asText();
        if (!REFUND_PAID.equals(status) && !CLOSED.equals(status)) {
            return; // requested, accepted, judging, disputed, …: the money has not moved yet, a later poll sees it
        }
        String returnSn = ret.path("return_sn").asText();
        String orderSn = ret.path("order_sn").asText();
        if (recorded("REFUND", returnSn)) {
            return;
        }
        if (CLOSED.equals(status) && !refundedPerEscrow(shopId, orderSn, returnSn)) {
            log.debug("Shopee return {} of order {} closed without a refund: no allowance", returnSn, orderSn);
            return;
        }
        JsonNode detail = tokens.withToken(shopId, t -> client.shopGet(shopId, t, RETURN_DETAIL,
                ShopeeClient.params("return_sn", returnSn))).path("response");
        BigDecimal refund = detail.path("refund_amount").decimalValue();
        if (refund.signum() <= 0) {
            log.warn("Shopee return {} of order {} is {} with refund_amount {}: no allowance", returnSn, orderSn, status, refund);
            return;
        }
        jdbc.sql("""
                        INSERT INTO shopee_adjustment (shop_id, order_sn, kind, ref, amount, detail, lines)
                        VALUES (?, ?, 'REFUND', ?, ?, ?, ?::jsonb) ON CONFLICT (kind, ref) DO NOTHING""")
                .params(shopId, orderSn, returnSn, refund, detail.path("text_reason").asText(detail.path("reason").asText("")),
                        refundLines(detail, refund)).update();
    }

    private boolean recorded(String kind, String ref) {
        return jdbc.sql("SELECT count(*) FROM shopee_adjustment WHERE kind = ? AND ref = ?").params(kind, ref)
                .query(Long.class).single() > 0;
    }

    /** get_escrow_detail lists the order's returns (return_order_sn_list) and what went back to the buyer (seller_return_refund). */
    private boolean refundedPerEscrow(long shopId, String orderSn, String returnSn) {
        JsonNode escrow = tokens.withToken(shopId, t -> client.shopGet(shopId, t, ESCROW_DETAIL,
                ShopeeClient.params("order_sn", orderSn))).path("response");
        boolean listed = false;
        for (JsonNode sn : escrow.path("return_order_sn_list")) {
            listed |= returnSn.equals(sn.asText());
        }
        return listed && escrow.path("order_income").path("seller_return_refund").decimalValue().signum() != 0;
    }

    /**
     * The returned items as allowance lines when get_return_detail gives each one's refund_amount (shops on
     * Shopee's Partial Qty RR) and they add up to the refund; otherwise null, and the allowance is one line of
     * the refund_amount (a refund may include shipping, or be a negotiated sum that no item price explains).
     */
    static String refundLines(JsonNode detail, BigDecimal refund) {
        ArrayNode lines = ShopeeClient.JSON.createArrayNode();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode item : detail.path("item")) {
            if (!item.path("refund_amount").isNumber() || item.path("refund_amount").decimalValue().signum() <= 0) {
                return null;
            }
            BigDecimal gross = item.path("refund_amount").decimalValue();
            sum = sum.add(gross);
            lines.addObject().put("description", item.path("name").asText("")).put("quantity", Math.max(1, item.path("amount").asInt(1)))
                    .put("gross", gross);
        }
        return !lines.isEmpty() && sum.compareTo(refund) == 0 ? lines.toString() : null;
    }

    private void record(long shopId, String orderSn, String kind, String ref, BigDecimal amount, String reason) {
        jdbc.sql("""
                        INSERT INTO shopee_adjustment (shop_id, order_sn, kind, ref, amount, detail)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref) DO NOTHING""")
                .params(shopId, orderSn, kind, ref, amount, reason).update();
    }

    private record Pending(long id, String orderSn, String kind, String ref, BigDecimal amount, String detail, String lines) {
    }

    /**
     * Applies recorded cancellations and refunds whose invoice the platform has confirmed; others wait for a
     * later run. A cancellation of an order never invoiced needs nothing; one whose period has closed becomes an
     * allowance for the whole invoice, as the law has it.
     */
    int applyPending(long shopId) {
        List<Pending> pending = jdbc.sql("""
                        SELECT id, order_sn, kind, ref, amount, detail, lines FROM shopee_adjustment
                        WHERE shop_id = ? AND state = 'PENDING' ORDER BY id""").param(shopId)
                .query(PENDING).list();
        int applied = 0;
        String actor = "connector:" + connector(shopId);
        for (Pending p : pending) {
            StoredInvoice invoice = invoices.findBySource(connector(shopId), p.orderSn()).orElse(null);
            if (invoice == null) {
                if (p.kind().equals("CANCEL")) {
                    finish(p, "DONE", "no invoice was issued for this order");
                }
                continue;
            }
            if (invoice.status() == InvoiceStatus.CANCELLED || invoice.status() == InvoiceStatus.VOIDED) {
                finish(p, "DONE", "invoice already " + invoice.status());
                continue;
            }
            if (invoice.status() != InvoiceStatus.CONFIRMED) {
                continue; // issued but not yet confirmed: Adjustments needs a confirmed invoice, try next run
            }
            try {
                if (p.kind().equals("CANCEL")) {
                    try {
                        // MIG CancelReason holds at most 20 characters
                        gateway.enqueue(adjustments.cancel(invoice, "蝦皮訂單取消", null, null, actor).id());
                    } catch (Adjustments.Refused e) {
                        if (!e.getMessage().contains("issue an allowance instead")) {
                            throw e;
                        }
                        // the invoice's period has closed: the law allows only an allowance for the whole amount now
                        allowance(invoice, invoice.document().getTotalAmount(), "蝦皮訂單取消 " + p.orderSn(), actor);
                    }
                    finish(p, "DONE", null);
                    applied++;
                } else if (refund(p.id(), invoice, actor)) {
                    applied++;
                }
            } catch (Adjustments.Refused e) {
                finish(p, "FAILED", e.getMessage());
                log.warn("Shopee {} {} for order {} refused: {}", p.kind(), p.ref(), p.orderSn(), e.getMessage());
            }
        }
        return applied;
    }

    private static final org.springframework.jdbc.core.RowMapper<Pending> PENDING = (rs, n) -> new Pending(rs.getLong(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5), rs.getString(6), rs.getString(7));

    /**
     * The allowance of a paid refund and the row's DONE in one transaction, under the row's lock: a push's
     * background fetch and the poller (or two nodes) may reach the same PENDING refund at once, and only one of
     * them makes the allowance. False when another holds or has finished it.
     */
    private boolean refund(long id, StoredInvoice invoice, String actor) {
        UUID message = tx.execute(status -> {
            Pending p = jdbc.sql("""
                            SELECT id, order_sn, kind, ref, amount, detail, lines FROM shopee_adjustment
                            WHERE id = ? AND state = 'PENDING' FOR UPDATE SKIP LOCKED""").param(id)
                    .query(PENDING).optional().orElse(null);
            if (p == null) {
                return null;
            }
            UUID made = adjustments.allowance(invoice, allowanceLines(p), actor).messageId();
            finish(p, "DONE", null);
            return made;
        });
        if (message == null) {
            return false;
        }
        gateway.enqueue(message); // stored first, then queued for Turnkey, as the API does
        return true;
    }

    /** The lines kept from get_return_detail, or one line of the refund_amount. */
    private static List<Adjustments.AllowanceLine> allowanceLines(Pending p) {
        if (p.lines() == null) {
            return List.of(allowanceLine("蝦皮退貨退款 " + p.ref(), BigDecimal.ONE, p.amount()));
        }
        List<Adjustments.AllowanceLine> lines = new ArrayList<>();
        try {
            for (JsonNode l : ShopeeClient.JSON.readTree(p.lines())) {
                String name = l.path("description").asText("");
                lines.add(allowanceLine(name.isBlank() ? "蝦皮退貨退款 " + p.ref() : name.substring(0, Math.min(256, name.length())),
                        BigDecimal.valueOf(l.path("quantity").asInt(1)), l.path("gross").decimalValue()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }

    /** A tax-inclusive line; the tax is the 5% contained in the refunded gross, as the invoice's prices include it. */
    private static Adjustments.AllowanceLine allowanceLine(String description, BigDecimal quantity, BigDecimal gross) {
        BigDecimal rounded = gross.setScale(0, RoundingMode.HALF_UP);
        BigDecimal tax = rounded.multiply(BigDecimal.valueOf(5)).divide(BigDecimal.valueOf(105), 0, RoundingMode.HALF_UP);
        BigDecimal amount = rounded.subtract(tax);
        BigDecimal unitPrice = amount.divide(quantity, 7, RoundingMode.HALF_UP).stripTrailingZeros();
        return new Adjustments.AllowanceLine(null, description, quantity, null, unitPrice, amount, tax, "1");
    }

    /** One tax-inclusive line for a whole cancelled order whose period has closed. */
    private void allowance(StoredInvoice invoice, BigDecimal gross, String description, String actor) {
        Adjustments.AllowanceMade made = adjustments.allowance(invoice, List.of(allowanceLine(description, BigDecimal.ONE, gross)), actor);
        gateway.enqueue(made.messageId()); // stored first, then queued for Turnkey, as the API does
    }

    private void finish(Pending p, String state, String detail) {
        jdbc.sql("UPDATE shopee_adjustment SET state = ?, detail = coalesce(?, detail), updated_at = now() WHERE id = ?")
                .params(state, detail, p.id()).update();
    }
}
