package tw.einvoice.hub.drop;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An Excel batch: progress is {@code rowsDone} of {@code rowsTotal} (null until the file is counted). */
public record Batch(UUID id, String fileName, String sellerId, String createdBy, Status status, Long rowsTotal,
                    long rowsDone, long accepted, long duplicates, long rejected, String error,
                    OffsetDateTime createdAt, OffsetDateTime finishedAt) {

    public enum Status { QUEUED, RUNNING, DONE, FAILED }
}
