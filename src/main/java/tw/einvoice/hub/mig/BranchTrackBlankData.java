package tw.einvoice.hub.mig;

import java.util.List;

/** E0402 空白未使用字軌: numbers of one branch, invoice type and track left unused at period end. */
public record BranchTrackBlankData(String headBan, String branchBan, String invoiceType, String yearMonth,
                                   String track, List<Item> items) {

    public record Item(String beginNo, String endNo) {
    }
}
