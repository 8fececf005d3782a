package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.seller.SellerDirectory;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invoices Turnkey would refuse (its program rules, code 7001) are refused by the REST API before they become
 * invoices, so they never take a number: kept as rejected records to fix and replay.
 */
class TurnkeyRulesAtIntakeTest extends HubIntegrationTest {

    /** A valid BAN under the ÷5 rule that no configuration of the test hub names. */
    private static final String ADDRESSLESS_SELLER = "04595252";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SellerDirectory sellers;

    @AfterEach
    void forgetAddresslessSeller() {
        jdbc.sql("DELETE FROM seller WHERE id = ?").param(ADDRESSLESS_SELLER).update();
        sellers.refresh();
    }

    @Test
    void consumerNamedFourZerosIsRefusedAndKeptWithoutTakingANumber() {
        ObjectNode doc = Invoices.valid("zeros-" + UUID.randomUUID());
        doc.putObject("buyer").put("id", "0000000000").put("name", "0000");

        HubClient.Response r = api.post("/api/v1/invoices", doc);

        assertRefusedOnlyFor(r, "buyer.name", "CONSUMER_NAME_REFUSED");
        assertKeptAndNotAnInvoice(r, doc);
    }

    @Test
    void sellerWithoutAnAddressIsRefusedAndKeptWithoutTakingANumber() {
        // a seller the database still holds from an earlier configuration, saved before addresses were required
        jdbc.sql("INSERT INTO seller (id, name) VALUES (?, ?)").params(ADDRESSLESS_SELLER, "舊設定商行").update();
        sellers.refresh();
        ObjectNode doc = Invoices.valid("no-address-" + UUID.randomUUID());
        doc.put("sellerId", ADDRESSLESS_SELLER);

        HubClient.Response r = api.basic("admin", ADMIN_PASSWORD).post("/api/v1/invoices", doc);

        assertRefusedOnlyFor(r, "seller.address", "SELLER_ADDRESS_REQUIRED");
        assertThat(r.body().get("violations").get(0).get("messageZh").asText()).contains(ADDRESSLESS_SELLER);
        assertKeptAndNotAnInvoice(r, doc);
    }

    private static void assertRefusedOnlyFor(HubClient.Response r, String field, String code) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(422);
        assertThat(r.body().get("result").asText()).isEqualTo("REJECTED");
        JsonNode violations = r.body().get("violations");
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).get("field").asText()).isEqualTo(field);
        assertThat(violations.get(0).get("code").asText()).isEqualTo(code);
        assertThat(r.body().path("invoiceId").asText("")).isEmpty();
        assertThat(r.body().path("invoiceNumber").asText("")).isEmpty();
    }

    private void assertKeptAndNotAnInvoice(HubClient.Response r, ObjectNode doc) {
        long id = r.body().get("rejectedId").asLong();
        HubClient.Response kept = api.basic("admin", ADMIN_PASSWORD).get("/api/v1/rejected/" + id);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body().get("status").asText()).isEqualTo("OPEN");
        assertThat(kept.body().get("originalPayload").get("sourceRef").asText()).isEqualTo(doc.get("sourceRef").asText());
        // intake stores no invoice, and numbers are only ever taken for stored invoices
        assertThat(jdbc.sql("SELECT count(*) FROM invoice WHERE source_ref = ?").param(doc.get("sourceRef").asText())
                .query(Long.class).single()).isZero();
    }
}
