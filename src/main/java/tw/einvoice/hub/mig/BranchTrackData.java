package tw.einvoice.hub.mig;

import java.util.List;

/**
 * E0401 分支機構配號: HQ passes part of an assigned range to a branch.
 *
 * @param yearMonth period as ROC yyy + even month, e.g. {@code 11512}
 * @param beginNo   8 digits, the assigned range the items come from
 */
public record BranchTrackData(String headBan, String branchBan, String invoiceType, String yearMonth, String track,
                              String beginNo, String endNo, List<Item> items) {

    public record Item(String beginNo, String endNo, long booklets) {
    }
}
