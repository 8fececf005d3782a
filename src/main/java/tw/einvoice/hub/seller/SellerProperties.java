package tw.einvoice.hub.seller;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/** Sellers from configuration ({@code hub.sellers}); seeded into the database at start. */
@ConfigurationProperties("hub")
public record SellerProperties(List<SellerConfig> sellers) {

    public SellerProperties {
        sellers = sellers == null ? List.of() : sellers;
        for (int i = 0; i < sellers.size(); i++) {
            SellerConfig s = sellers.get(i);
            if (s != null && (s.address() == null || s.address().isBlank())) {
                // Refused here rather than on the first upload: every one of the seller's invoices would fail.
                throw new IllegalArgumentException("hub.sellers[" + i + "].address is required (seller " + s.id()
                        + " " + s.name() + "): Turnkey refuses an F0401 whose Seller/Address is blank");
            }
        }
    }

    public record SellerConfig(String id, String name, String address, String qrAesKey, String defaultBranch,
                               List<BranchConfig> branches, DemoRange demoRange) {
        public SellerConfig {
            branches = branches == null ? List.of() : branches;
        }
    }

    /**
     * @param ban               the branch's own BAN for E0401/E0402 (分支機構統編); empty: the seller's
     * @param lowStockThreshold HQ admins are mailed when the branch's remaining numbers fall below this;
     *                          empty: {@code hub.numbering.low-stock-threshold} (default one booklet)
     */
    public record BranchConfig(String id, String name, String ban, Integer lowStockThreshold) {
    }

    /** Numbers the demo seller issues from until HQ ranges are managed in the numbering capability. */
    public record DemoRange(String track, String begin, String end) {
    }
}
