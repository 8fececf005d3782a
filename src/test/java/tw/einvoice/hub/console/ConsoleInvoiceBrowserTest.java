package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsoleInvoiceBrowserTest extends ConsoleBrowser {

    /** Issue, confirm, void, confirm, re-issue, confirm: three platform round trips on a busy machine. */
    private static final Duration CONFIRMATION = Duration.ofSeconds(60);

    @Test
    void invoiceIssuedThroughTheFormIsConfirmedThenVoidedAndReissued() throws Exception {
        logIn("admin", ADMIN_PASSWORD);
        visit("/issue", "issue");
        browser.findElement(By.id("carrierType")).sendKeys("3J0002");
        new Select(browser.findElement(By.id("carrierType"))).selectByValue("3J0002");
        browser.findElement(By.id("carrierId")).sendKeys("/ABC+123");
        browser.findElement(By.id("description-0")).sendKeys("乾電池");
        browser.findElement(By.id("quantity-0")).sendKeys("2");
        browser.findElement(By.id("unitPrice-0")).sendKeys("105");
        assertThat(browser.findElement(By.id("total-amount")).getText()).isEqualTo("210");
        assertThat(browser.findElement(By.id("total-tax")).getText()).isEqualTo("10");
        browser.findElement(By.id("issue-submit")).click();

        waitFor(By.id("invoice-status"));
        String detail = browser.getCurrentUrl();
        assertThat(detail).contains("/invoices/");
        reaches(detail, "CONFIRMED");
        assertThat(browser.findElement(By.id("confirmed-by")).getText()).isEqualTo("simulator");
        assertThat(browser.findElement(By.cssSelector("#messages pre.xml")).getDomProperty("textContent")).contains("<Invoice");
        String number = browser.findElement(By.id("invoice-number")).getText();
        assertThat(number).matches("[A-Z]{2}\\d{8}");
        screenshot("invoice");

        browser.findElement(By.id("void-reason")).sendKeys("品名錯誤");
        browser.findElement(By.id("void-submit")).click();
        waitFor(By.id("action-done"));
        reaches(detail, "VOIDED");

        ObjectMapper json = new ObjectMapper();
        ObjectNode corrected = (ObjectNode) json.readTree(browser.findElement(By.id("reissue-document")).getDomProperty("value"));
        corrected.put("remark", "更正品名");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                browser.findElement(By.id("reissue-document")), corrected.toString());
        browser.findElement(By.id("reissue-submit")).click();
        waitFor(By.id("action-done"));
        reaches(detail, "CONFIRMED");

        assertThat(browser.findElement(By.id("invoice-number")).getText()).isEqualTo(number);
        assertThat(browser.findElements(By.cssSelector("#timeline li strong")).stream().map(e -> e.getText()).toList())
                .containsSubsequence("平台已確認", "已註銷", "已開立", "平台已確認");
        assertThat(browser.findElements(By.cssSelector("#messages tr[data-message]")).stream()
                .map(e -> e.getDomAttribute("data-message")).toList()).containsExactly("F0401", "F0701", "F0401");

        visit("/invoices?number=" + number, "invoices");
        assertThat(browser.findElements(By.cssSelector("#results tr[data-invoice]"))).hasSize(1);
        browser.get(url(detail.substring(detail.indexOf("/invoices/")) + "?lang=en"));
        waitFor(By.id("invoice-status"));
        screenshot("invoice");
        visit("/invoices", "invoices");
        visit("/issue", "issue");
        browser.get(url("/?lang=zh-TW"));
    }

    @Test
    void aBusinessBuyersBadBanIsShownAtItsFieldAndNothingIsIssued() {
        logIn("admin", ADMIN_PASSWORD);
        browser.get(url("/issue?lang=zh-TW"));
        waitFor(By.id("issue-form"));
        new Select(browser.findElement(By.id("kind"))).selectByValue("B2B");
        browser.findElement(By.id("buyerId")).sendKeys("12345678");
        browser.findElement(By.id("buyerName")).sendKeys("測試股份有限公司");
        browser.findElement(By.id("description-0")).sendKeys("紙箱");
        browser.findElement(By.id("quantity-0")).sendKeys("1");
        browser.findElement(By.id("unitPrice-0")).sendKeys("1050");
        browser.findElement(By.id("issue-submit")).click();

        String error = waitFor(By.id("error-buyer-id")).getText();
        assertThat(error).isNotBlank();
        assertThat(browser.findElement(By.id("buyerId")).getDomAttribute("class")).contains("invalid");
        assertThat(browser.findElement(By.id("buyerId")).getDomProperty("value")).isEqualTo("12345678");
        assertThat(browser.getCurrentUrl()).endsWith("/issue");
        screenshot("issue-bad-ban");
    }

    /** Reloads the detail page until the invoice shows {@code status} (the simulator answers within seconds). */
    private void reaches(String detail, String status) {
        await().atMost(CONFIRMATION).pollInterval(Duration.ofMillis(500)).until(() -> {
            browser.get(detail);
            return status.equals(waitFor(By.id("invoice-status")).getDomAttribute("data-status"));
        });
    }
}
