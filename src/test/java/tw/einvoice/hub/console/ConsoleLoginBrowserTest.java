package tw.einvoice.hub.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLoginBrowserTest extends ConsoleBrowser {

    @Test
    void adminLogsInSeesTheDashboardAndItsChartAndSwitchesToEnglishAndBack() {
        browser.get(url("/"));
        waitFor(By.id("login-submit"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("login");

        logIn("admin", ADMIN_PASSWORD);

        // back to the page that sent us to the form (Spring marks it ?continue)
        assertThat(browser.getCurrentUrl()).startsWith(url("/")).doesNotContain("/login");
        assertThat(lang()).isEqualTo("zh-TW");
        assertThat(browser.findElement(By.id("nav-dashboard")).getText()).isEqualTo("總覽");
        waitFor(By.cssSelector("#per-hour-chart[data-rendered='true'] svg"));
        screenshot("dashboard");

        browser.get(url("/?lang=en"));
        waitFor(By.id("nav-dashboard"));
        assertThat(lang()).isEqualTo("en");
        assertThat(browser.findElement(By.id("nav-dashboard")).getText()).isEqualTo("Dashboard");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Dashboard (period ");
        waitFor(By.cssSelector("#per-hour-chart[data-rendered='true'] svg"));
        screenshot("dashboard");
        visit("/password", "password");

        browser.get(url("/invoices"));
        // the cookie keeps the choice on the next page, without ?lang
        browser.get(url("/"));
        waitFor(By.id("nav-dashboard"));
        assertThat(lang()).isEqualTo("en");
        browser.findElement(By.id("lang-zh")).click();
        waitForText(By.id("nav-dashboard"), "總覽");
        assertThat(lang()).isEqualTo("zh-TW");
        visit("/password", "password");
    }
}
