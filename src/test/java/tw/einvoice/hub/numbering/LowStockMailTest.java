package tw.einvoice.hub.numbering;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.mig.Assignment;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The low-stock mail against a real SMTP server: one mail per crossing, re-armed when stock rises again. */
class LowStockMailTest extends HubIntegrationTest {

    static final String HQ = "hq-admin@example.test";
    /** Long enough for the low-stock thread to check and mail (it takes well under a second). */
    static final Duration ONE_CHECK = Duration.ofMillis(1500);
    static GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        smtp.start();
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("hub.test.context-folder", () -> "/numbering-mail");
        registry.add("hub.notify.smtp.host", () -> "127.0.0.1");
        registry.add("hub.notify.smtp.port", () -> smtp.getSmtp().getPort());
        registry.add("hub.numbering.hq-admins-to", () -> HQ);
    }

    @AfterAll
    static void stopMail() {
        smtp.stop();
    }

    @Autowired
    Assignments assignments;
    @Autowired
    Allocations allocations;
    @Autowired
    NumberAllocator allocator;
    @Autowired
    LowStockAlerts lowStock;
    @Autowired
    TransactionTemplate tx;

    @Test
    void theLowStockMailArrivesOncePerCrossing() throws Exception {
        String period = TaxPeriod.of(LocalDate.now(RuleSettings.TAIPEI)).next().code();
        assignments.add(new Assignment(DEMO_SELLER, "08", period, "LA", "00000000", "00000399", 0), "MANUAL", "user:admin");
        var range = allocations.allocate(new Allocations.Request(DEMO_SELLER, "KHH01", "08", period, "LA", null, null, 1, null),
                "user:admin").allocation();
        staysAt(0, "50 left is not below one booklet");

        tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", period, 1));   // 49 left: crossing
        reaches(1);
        tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", period, 1));   // 48 left: same crossing
        assertThat(lowStock.check(DEMO_SELLER, "KHH01", "08", period)).isFalse();
        staysAt(1, "one mail for the crossing");

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(HQ);
        assertThat(mail.getSubject()).contains("KHH01").contains("49 left");
        assertThat((String) mail.getContent()).contains("Remaining numbers: 49").contains("Free HQ stock: 350 numbers (7 booklets");

        allocations.extend(range.id(), 2, "user:admin");                            // 148 left: re-armed
        tx.execute(s -> allocator.allocate(DEMO_SELLER, "KHH01", "08", period, 100)); // 48 left: a new crossing
        reaches(2);
        staysAt(2, "one mail for the new crossing");
        assertThat(smtp.getReceivedMessages()[1].getSubject()).contains("48 left");
    }

    private static void reaches(int mails) {
        await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> received() == mails);
    }

    /** The check runs on its own thread after each allocation: a mail that must not come is given time to come. */
    private static void staysAt(int mails, String why) {
        await(why).pollInterval(Duration.ofMillis(100)).during(ONE_CHECK).atMost(ONE_CHECK.multipliedBy(2))
                .until(() -> received() == mails);
    }

    private static int received() {
        return smtp.getReceivedMessages().length;
    }
}
