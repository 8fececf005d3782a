package tw.einvoice.hub.notify;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default has no mail server: digests go to the log and every alert stays pending. */
class FinanceDigestWithoutMailTest extends HubIntegrationTest {

    @Autowired
    FinanceAlerts alerts;
    @Autowired
    ProducerTemplate camel;
    @Autowired
    CamelContext context;
    @Autowired
    JdbcClient jdbc;

    @Test
    void withoutAnSmtpHostTheDigestIsLoggedAndTheAlertStaysUnsent() {
        UUID invoiceId = UUID.randomUUID();
        alerts.rejected(invoiceId, "AB00000099", DEMO_SELLER, "E0310", "certificate not registered");

        camel.sendBody(FinanceDigestRoutes.DIGEST, null);

        assertThat(context.getProcessor("finance-digest-log")).isNotNull();
        assertThat(context.getProcessor("finance-digest-send")).isNull();
        assertThat(jdbc.sql("SELECT sent_at IS NULL FROM finance_alert WHERE invoice_id = ?").param(invoiceId)
                .query(Boolean.class).single()).isTrue();
        assertThat(alerts.unsent()).isPositive();
    }
}
