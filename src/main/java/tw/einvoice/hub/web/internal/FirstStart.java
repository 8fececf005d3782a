package tw.einvoice.hub.web.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * First start: an admin user and an API key for the first (demo) seller, so a newcomer can call the
 * API at once. Values come from HUB_ADMIN_PASSWORD / HUB_API_KEY; otherwise they are generated and
 * printed once on the console (never through the logger, whose files outlive the terminal). A HUB_API_KEY that
 * differs from the one of the last start replaces it: the old key is revoked.
 */
@Component
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final HubUsers users;
    private final ApiKeys apiKeys;
    private final SellerDirectory sellers;
    private final String adminPassword;
    private final String apiKey;
    private final String metricsApiKey;

    FirstStart(HubUsers users, ApiKeys apiKeys, SellerDirectory sellers,
               @Value("${hub.security.admin-password:}") String adminPassword,
               @Value("${hub.security.api-key:}") String apiKey,
               @Value("${hub.security.metrics-api-key:}") String metricsApiKey) {
        this.metricsApiKey = metricsApiKey;
        this.users = users;
        this.apiKeys = apiKeys;
        this.sellers = sellers;
        this.adminPassword = adminPassword;
        this.apiKey = apiKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        StringBuilder banner = new StringBuilder();
        if (!users.exists("admin")) {
            String password = StringUtils.hasText(adminPassword) ? adminPassword : generated();
            users.create("admin", password, "ADMIN", null);
            banner.append(StringUtils.hasText(adminPassword)
                    ? "  admin user created with the password from HUB_ADMIN_PASSWORD\n"
                    : "  admin password: " + password + "\n");
        }
        Seller first = sellers.all().stream().sorted(java.util.Comparator.comparing(Seller::id)).findFirst().orElse(null);
        if (first != null) {
            if (StringUtils.hasText(apiKey)) {
                ApiKeys.Configured configured = apiKeys.configure(apiKey, first.id());
                if (configured.revokedBefore()) {
                    log.error("HUB_API_KEY names a key that was revoked (id {}); it stays revoked: set a new key",
                            ApiKeys.id(apiKey));
                }
                if (configured.registered()) {
                    banner.append("  API key from HUB_API_KEY registered for seller ").append(first.id()).append('\n');
                }
                if (configured.replaced() > 0) {
                    log.info("HUB_API_KEY changed: the key it named before is revoked (now id {})", ApiKeys.id(apiKey));
                }
            } else if (!apiKeys.anyFor(first.id())) {
                banner.append("  API key for seller ").append(first.id()).append(": ")
                        .append(apiKeys.create(first.id(), "first-start")).append('\n');
            }
            if (StringUtils.hasText(metricsApiKey)) {
                // Prometheus's key: the metrics scope only, so the token in its configuration reads no invoice
                ApiKeys.Configured configured = apiKeys.configure(metricsApiKey, first.id(), ApiKeys.CONFIGURED_METRICS,
                        java.util.Set.of(ApiKeys.SCOPE_METRICS));
                if (configured.revokedBefore()) {
                    log.error("HUB_METRICS_API_KEY names a key that was revoked (id {}); it stays revoked: set a new key",
                            ApiKeys.id(metricsApiKey));
                }
                if (configured.replaced() > 0) {
                    log.info("HUB_METRICS_API_KEY changed: the key it named before is revoked (now id {})",
                            ApiKeys.id(metricsApiKey));
                }
            }
        }
        if (!banner.isEmpty()) {
            System.out.println("\n=== einvoice-hub first start (shown once; keep these) ===\n" + banner
                    + "=========================================================\n");
            log.info("First-start credentials created (printed on the console only)");
        }
    }

    private static String generated() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
