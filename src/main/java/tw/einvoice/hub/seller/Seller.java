package tw.einvoice.hub.seller;

import java.util.List;

/** A business that issues invoices through the hub, with its branches (分支機構 or stores). */
public record Seller(String id, String name, String address, String qrAesKey, String defaultBranch,
                     List<Branch> branches) {

    public record Branch(String id, String name) {
    }

    public boolean hasBranch(String branchId) {
        return branches.stream().anyMatch(b -> b.id().equals(branchId));
    }
}
