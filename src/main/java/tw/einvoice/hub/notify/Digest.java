package tw.einvoice.hub.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One digest: what it says and what it covers, so that exactly these items are marked once the mail
 * went out, and anything recorded meanwhile waits for the next one.
 *
 * @param moreRejected items of each section left for the next digest because a mail has a size limit
 */
record Digest(OffsetDateTime at, List<Rejected> rejected, List<Stuck> stuck, List<Deadline> deadlines,
              int moreRejected, int moreStuck, int moreDeadlines, String subject, String text) {

    record Rejected(long alertId, UUID invoiceId, String invoiceNumber, String sellerId, String sellerName,
                    String code, String message, OffsetDateTime recordedAt) {
    }

    record Stuck(UUID invoiceId, String invoiceNumber, String sellerId, String sellerName, String status,
                 OffsetDateTime since) {

        String state() {
            return status;
        }
    }

    /** @param b2c consumer buyer (48 h) rather than business buyer (7 days) */
    record Deadline(UUID invoiceId, String invoiceNumber, String sellerId, String sellerName, String status,
                    boolean b2c, OffsetDateTime issuedAt, OffsetDateTime deadline, Duration uploadWithin) {

        boolean overdue(OffsetDateTime now) {
            return !deadline.isAfter(now);
        }

        String state(OffsetDateTime now) {
            return status + (overdue(now) ? ":OVERDUE" : ":NEAR");
        }
    }
}
