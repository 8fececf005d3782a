package tw.einvoice.hub.shopee;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tw.einvoice.hub.HubIntegrationTest;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub against {@link FakeShopee} with a Live Push Partner Key set apart from the API key, and a real SMTP server
 * (GreenMail) for the mails to shop admins and finance. No Shopee timer runs in this context: each test drives the
 * lost-push reader, the poller or the token check itself, so what it asserts happened because of what it did.
 * Subclasses share one context (the properties are declared here only).
 */
abstract class ShopeeFakeHubTest extends HubIntegrationTest {

    static final long PARTNER = 2001999;
    static final String API_KEY = "shpk-api-partner-key";
    static final String PUSH_KEY = "live-push-partner-key-from-set-push";
    static final String CALLBACK = "https://hub.example.com/api/v1/shopee/push";
    static final String REAUTHORIZE = "https://hub.example.com/api/v1/shopee/authorize";
    static final String FINANCE = "finance@example.test";
    static final String SHOP_ADMIN = "shop-admin@example.test";
    static final long PUSH_SHOP = 200001;
    static final long LOST_SHOP = 200002;
    static final long EXPIRY_SHOP = 200003;
    static final long CATCH_UP_SHOP = 200004;
    static final long IDLE_SHOP = 200005;
    static final long SHOPEE_ISSUES_SHOP = 200006;
    static final long DROPPED_SHOP = 200007;
    static final long SPELLING_SHOP = 200008;
    static final FakeShopee FAKE = FakeShopee.started(PARTNER, API_KEY);
    static final GreenMail SMTP = smtp();

    @DynamicPropertySource
    static void shopee(DynamicPropertyRegistry r) {
        FAKE.register(r, "/shopee-fake", PARTNER, API_KEY, CALLBACK);
        r.add("hub.shopee.push-partner-key", () -> PUSH_KEY);
        r.add("hub.shopee.lost-push-period", () -> "PT0S");
        r.add("hub.shopee.token-check-period", () -> "PT0S");
        for (long shop : List.of(PUSH_SHOP, LOST_SHOP, EXPIRY_SHOP, CATCH_UP_SHOP, IDLE_SHOP, SHOPEE_ISSUES_SHOP, DROPPED_SHOP,
                SPELLING_SHOP)) {
            r.add("hub.shopee.shops." + shop + ".seller-id", () -> DEMO_SELLER);
            r.add("hub.shopee.shops." + shop + ".admins-to", () -> SHOP_ADMIN);
        }
        r.add("hub.shopee.shops." + SHOPEE_ISSUES_SHOP + ".invoice-by-shopee", () -> "true");
        r.add("hub.notify.smtp.host", () -> "127.0.0.1");
        r.add("hub.notify.smtp.port", () -> SMTP.getSmtp().getPort());
        r.add("hub.notify.finance-to", () -> FINANCE);
        r.add("hub.notify.digest-interval", () -> "PT1H");
    }

    @Autowired
    InvoiceStore invoices;
    @Autowired
    JdbcClient jdbc;

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    Optional<StoredInvoice> invoice(long shop, String sn) {
        return invoices.findBySource(ShopeeOrders.connector(shop), sn);
    }

    static List<MimeMessage> mailsAbout(long shop) {
        // GreenMail keeps one copy per recipient: one mail is one Message-ID
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains("Shopee shop " + shop + ":"))
                .forEach(m -> byId.putIfAbsent(messageId(m), m));
        return List.copyOf(byId.values());
    }

    static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject with its whitespace as written: a long one is folded, and a fold may fall between words. */
    static String subject(MimeMessage mail) {
        try {
            return mail.getSubject().replaceAll("\\s+", " ");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(MimeMessage mail) {
        try {
            return (String) mail.getContent();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> recipients(MimeMessage mail) {
        try {
            return Arrays.stream(mail.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }


    private static GreenMail smtp() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }
}
