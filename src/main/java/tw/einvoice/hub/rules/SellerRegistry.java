package tw.einvoice.hub.rules;

/** What the validator needs to know about configured sellers and their branches. */
public interface SellerRegistry {

    /** Accepts every seller and branch: for offline checks such as the CLI's {@code validate}. */
    SellerRegistry ANY = new SellerRegistry() {
        @Override
        public boolean isKnownSeller(String sellerId) {
            return true;
        }

        @Override
        public boolean isKnownBranch(String sellerId, String branchId) {
            return true;
        }
    };

    boolean isKnownSeller(String sellerId);

    boolean isKnownBranch(String sellerId, String branchId);
}
