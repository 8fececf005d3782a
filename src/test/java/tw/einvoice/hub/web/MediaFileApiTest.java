package tw.einvoice.hub.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.web.internal.HubUsers;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/media-file and its report, on the running hub, for finance and admins only. */
class MediaFileApiTest extends HubIntegrationTest {

    /** Mar–Apr 2026 with a track of its own, so the invoices of other tests in this context are not in it. */
    static final String PERIOD = "11504";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    HubUsers users;

    @BeforeEach
    void ledger() {
        if (jdbc.sql("SELECT count(*) FROM track_assignment WHERE period = ? AND track = 'MF'").param(PERIOD)
                .query(Integer.class).single() > 0) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO track_assignment (seller_id, invoice_type, period, track, begin_no, end_no, booklets, source)
                        VALUES (?, '07', ?, 'MF', 0, 49, 1, 'MANUAL')""").params(DEMO_SELLER, PERIOD).update();
        jdbc.sql("""
                        INSERT INTO number_range (seller_id, branch_id, invoice_type, period, track, begin_no, end_no, next_no, source)
                        VALUES (?, 'TPE01', '07', ?, 'MF', 0, 49, 2, 'ALLOCATION')""").params(DEMO_SELLER, PERIOD).update();
        invoice("MF00000000", "2026-03-05T10:00:00+08:00", "CONFIRMED", OTHER_SELLER, 1000, 50);
        invoice("MF00000001", "2026-04-30T23:00:00+08:00", "CANCELLED", null, 100, 5);
    }

    private void invoice(String number, String issuedAt, String status, String buyer, long sales, long tax) {
        String buyerId = buyer == null ? "0000000000" : buyer;
        jdbc.sql("""
                        INSERT INTO invoice (id, connector, source_ref, seller_id, invoice_type, invoice_number, issued_at, buyer_id,
                            total_amount, status, document)
                        VALUES (?, 'media-file-test', ?, ?, '07', ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(UUID.randomUUID(), number, DEMO_SELLER, number, OffsetDateTime.parse(issuedAt), buyerId, sales + tax,
                        status, """
                                {"taxType": "1", "salesAmount": %d, "taxAmount": %d, "totalAmount": %d}""".formatted(sales, tax, sales + tax))
                .update();
    }

    private HubClient user(String role, String seller) {
        String name = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, name + "-password-1", role, seller);
        return api.basic(name, name + "-password-1");
    }

    @Test
    void anAdminDownloadsTheSellersRecordsAsAnAsciiFileNamedAfterSellerAndPeriod() {
        HubClient.Response r = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/media-file?period=" + PERIOD + "&seller=" + DEMO_SELLER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"04595257_11504.txt\"");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        List<String> records = List.of(r.text().split("\r\n"));
        assertThat(r.text()).endsWith("\r\n");
        assertThat(records).allSatisfy(rec -> assertThat(rec).hasSize(81));
        assertThat(records).extracting(rec -> rec.substring(0, 2) + " " + rec.substring(18, 23) + " " + rec.substring(23, 31)
                        + " " + rec.substring(39, 49) + " " + rec.substring(49, 61) + " " + rec.substring(61, 62) + rec.substring(79, 80))
                .containsExactly(
                        "35 11503 " + OTHER_SELLER + " MF00000000 000000001000 1 ",
                        "35 11504          MF00000001 000000000000 F ",
                        "35 11504 00000049 MF00000002 000000000000 DA");
    }

    @Test
    void aFinanceUserOfOneSellerGetsTheReportWithoutNamingTheSeller() {
        HubClient.Response r = user("FINANCE", DEMO_SELLER).get("/api/v1/media-file/report?period=" + PERIOD);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("sellerId").asText()).isEqualTo(DEMO_SELLER);
        assertThat(r.body().path("records").asInt()).isEqualTo(3);
        assertThat(r.body().path("recordsByKind").toString()).isEqualTo("{\"PURCHASE\":0,\"SALE\":1,\"CANCELLED\":1,\"BLANK\":1}");
        assertThat(r.body().path("salesByTaxType").path("1").path("salesAmount").asLong()).isEqualTo(1000);
        assertThat(r.body().path("salesByTaxType").path("1").path("taxAmount").asLong()).isEqualTo(50);
        assertThat(r.body().path("purchaseSource").asText()).isEqualTo("approved vouchers (ReviewedPurchaseVouchers)");
        assertThat(r.body().path("warnings").toString()).contains("tax registration no (3-11): none configured");
    }

    @Test
    void anonymousCallersApiKeysAndOtherRolesAreRefusedAndAnAdminOfSeveralSellersMustNameOne() {
        assertThat(api.anonymous().get("/api/v1/media-file?period=" + PERIOD + "&seller=" + DEMO_SELLER).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/media-file/report?period=" + PERIOD).status()).isEqualTo(403);
        assertThat(user("INTEGRATOR", DEMO_SELLER).get("/api/v1/media-file?period=" + PERIOD).status()).isEqualTo(403);
        HubClient.Response unnamed = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/media-file/report?period=" + PERIOD);
        assertThat(unnamed.status()).isEqualTo(400);
        assertThat(unnamed.text()).contains("give seller");
        assertThat(user("FINANCE", OTHER_SELLER).get("/api/v1/media-file/report?period=" + PERIOD + "&seller=" + DEMO_SELLER)
                .status()).isEqualTo(404);
        assertThat(api.basic("admin", ADMIN_PASSWORD).get("/api/v1/media-file/report?period=11503&seller=" + DEMO_SELLER)
                .status()).isEqualTo(400);
    }
}
