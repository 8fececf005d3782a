package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import tw.einvoice.hub.HubClient;
import tw.einvoice.hub.Invoices;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch upload with its progress and result, and a rejected record fixed and replayed, as HQ admin. */
class ConsoleWorkBrowserTest extends ConsoleBrowser {

    @Test
    void uploadedBatchProgressReaches100PercentAndItsResultNamesTheBadRow() throws Exception {
        String prefix = "web-batch-" + UUID.randomUUID().toString().substring(0, 8);
        String now = OffsetDateTime.now(ZoneId.of("Asia/Taipei")).truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder csv = new StringBuilder("sourceRef,sellerId,issuedAt,carrierType,carrierId,taxType,pricesIncludeTax,description,quantity,unitPrice,amount\r\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(prefix).append('-').append(i).append(",04595257,").append(now).append(",3J0002,/ABC+123,1,Y,乾電池,1,")
                    .append(i == 7 ? "abc" : "105").append(",105\r\n");
        }
        Path file = Files.createTempFile(prefix, ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        logIn("admin", ADMIN_PASSWORD);
        visit("/batches", "batches");

        browser.findElement(By.id("batch-file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.id("batch-submit")).click();
        waitFor(By.id("batch-progress"));
        List<String> seen = new ArrayList<>();
        seen.add(browser.findElement(By.id("batch-percent")).getText());
        // the bar is replaced by htmx every second; it ends at 100% with the counts, without a reload
        String url = browser.getCurrentUrl();
        waitFor(By.id("batch-counts"));
        seen.add(browser.findElement(By.id("batch-percent")).getText());
        assertThat(browser.getCurrentUrl()).isEqualTo(url);
        assertThat(seen).last().isEqualTo("100%");
        assertThat(browser.findElement(By.id("batch-status")).getText()).isEqualTo("完成");
        assertThat(browser.findElement(By.id("batch-counts")).getText()).isEqualTo("成功 29 列、重複 0 列、拒收 1 列。");
        assertThat(browser.findElement(By.id("batch-row-8")).getText()).contains(prefix + "-7", "REJECTED", "items[0].unitPrice");
        assertThat(browser.findElement(By.id("batch-row-2")).getText()).contains(prefix + "-1", "ACCEPTED");
        screenshot("batch");

        String download = browser.findElement(By.id("batch-download")).getDomAttribute("href");
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        HttpResponse<String> result = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(download)))
                .header("Cookie", "JSESSIONID=" + session.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.headers().firstValue("Content-Disposition").orElse("")).contains(".result.csv");
        List<String> lines = result.body().lines().toList();
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("\uFEFFrow,sourceRef,result,invoiceId,invoiceNumber,errors");
        assertThat(lines.get(7)).startsWith("8," + prefix + "-7,REJECTED,,,").contains("items[0].unitPrice");
        assertThat(lines.stream().skip(1).filter(l -> l.contains(",ACCEPTED,"))).hasSize(29);

        visit("/batches?lang=en", "batches");
        browser.get(url);
        waitFor(By.id("batch-counts"));
        assertThat(browser.findElement(By.id("batch-counts")).getText()).isEqualTo("29 accepted, 0 duplicates, 1 rejected.");
        screenshot("batch");
    }

    @Test
    void rejectedRecordFixedInItsJsonAndReplayedBecomesAnInvoice() throws Exception {
        String ref = "web-fix-" + UUID.randomUUID();
        ObjectNode bad = Invoices.valid(ref);
        bad.withObject("carrier").put("id", "not-a-barcode");
        HubClient.Response r = api.post("/api/v1/invoices", bad);
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        long id = r.body().get("rejectedId").asLong();

        logIn("admin", ADMIN_PASSWORD);
        visit("/failures", "failures");
        assertThat(browser.findElement(By.id("rejected-" + id)).getText()).contains(ref, "carrier.id");
        browser.findElement(By.id("open-" + id)).click();
        waitFor(By.id("replay-form"));
        assertThat(browser.findElement(By.id("record-problems")).getText()).contains("carrier.id");
        screenshot("failure");

        ObjectMapper json = new ObjectMapper();
        ObjectNode fixed = (ObjectNode) json.readTree(browser.findElement(By.id("payload")).getDomProperty("value"));
        fixed.withObject("carrier").put("id", "/ABC+123");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                browser.findElement(By.id("payload")), fixed.toPrettyString());
        browser.findElement(By.id("replay-submit")).click();

        waitFor(By.id("invoice-status"));
        assertThat(browser.getCurrentUrl()).contains("/invoices/");
        assertThat(api.get("/api/v1/rejected/" + id).body().get("status").asText()).isEqualTo("REPLAYED");
        assertThat(api.get("/api/v1/invoices?connector=test&sourceRef=" + ref).status()).isEqualTo(200);
        visit("/failures", "failures");
        assertThat(browser.findElements(By.id("rejected-" + id))).isEmpty();
        visit("/failures?lang=en", "failures");
    }

    @Test
    void checkedRecordsAreReplayedTogetherAndEachResultIsListed() {
        String ref = "web-bulk-" + UUID.randomUUID();
        ObjectNode bad = Invoices.valid(ref);
        bad.withObject("carrier").put("id", "still-bad");
        long id = api.post("/api/v1/invoices", bad).body().get("rejectedId").asLong();

        logIn("admin", ADMIN_PASSWORD);
        visit("/failures", "failures");
        browser.findElement(By.id("pick-" + id)).click();
        browser.findElement(By.id("bulk-submit")).click();

        assertThat(waitFor(By.id("bulk-result")).getText()).contains("0 筆成功，1 筆仍被拒收");
        assertThat(browser.findElement(By.id("bulk-" + id)).getText()).isEqualTo("#" + id + " REJECTED");
        assertThat(api.get("/api/v1/rejected/" + id).body().get("attempts").asInt()).isEqualTo(2);
    }
}
