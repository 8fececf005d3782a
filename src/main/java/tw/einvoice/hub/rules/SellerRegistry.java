package tw.einvoice.hub.rules;

/** What the validator needs to know about configured sellers and their branches. */
public interface SellerRegistry {

    /**
     * Accepts every seller and branch, and takes each for having an address: for offline checks such as the CLI's
     * {@code validate}, which cannot know the server's configuration (the server checks it).
     */
    SellerRegistry ANY = new SellerRegistry() {
        @Override
        public boolean isKnownSeller(String sellerId) {
            return true;
        }

        @Override
        public boolean isKnownBranch(String sellerId, String branchId) {
            return true;
        }

        @Override
        public boolean hasAddress(String sellerId) {
            return true;
        }
    };

    boolean isKnownSeller(String sellerId);

    boolean isKnownBranch(String sellerId, String branchId);

    /**
     * Whether the seller's registered details carry a non-blank address, which every F0401 needs (Turnkey refuses
     * a blank Seller/Address); an invoice may give its own instead.
     */
    boolean hasAddress(String sellerId);
}
