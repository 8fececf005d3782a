package tw.einvoice.hub.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubApplication;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default keeps its data: a restart finds the invoices and the queued work again. */
class EmbeddedRestartTest {

    @Test
    void restartingTheHubKeepsInvoicesAndFinishesTheirWalk() {
        Path data = Path.of("target", "test-data", "restart-" + UUID.randomUUID()).toAbsolutePath();
        String sourceRef = "restart-" + UUID.randomUUID();
        String invoiceId;
        try (ConfigurableApplicationContext hub = start(data)) {
            HubClient api = client(hub);
            HubClient.Response created = api.post("/api/v1/invoices", Invoices.valid(sourceRef));
            assertThat(created.status()).isEqualTo(201);
            invoiceId = created.body().get("invoiceId").asText();
        }
        assertThat(Files.isDirectory(data.resolve("postgres"))).isTrue();
        assertThat(Files.isDirectory(data.resolve("artemis"))).isTrue();

        try (ConfigurableApplicationContext hub = start(data)) {
            HubClient api = client(hub);
            HubClient.Response found = api.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef);
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body().get("id").asText()).isEqualTo(invoiceId);

            HubClient.Response repeat = api.post("/api/v1/invoices", Invoices.valid(sourceRef));
            assertThat(repeat.body().get("invoiceId").asText()).isEqualTo(invoiceId);

            // the work queued before the restart goes on: the invoice is issued, uploaded and confirmed
            JsonNode walked = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");
            assertThat(walked.get("history").findValuesAsText("toStatus")).as("each step once, across the restart")
                    .containsExactly("RECEIVED", "ISSUED", "SENT", "CONFIRMED");
            Long admins = hub.getBean(JdbcClient.class).sql("SELECT count(*) FROM app_user WHERE username = 'admin'")
                    .query(Long.class).single();
            assertThat(admins).isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(HubApplication.class)
                .profiles("test")
                .run("--hub.data-dir=" + data, "--server.port=0");
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        String port = hub.getEnvironment().getProperty("local.server.port");
        return new HubClient("http://127.0.0.1:" + port).bearer(tw.einvoice.hub.HubIntegrationTest.DEMO_KEY);
    }
}
