package tw.einvoice.hub.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finance's view of rejected records: list, inspect, correct and replay through intake. */
@Service
public class RejectedRecords {

    private final RejectedRecordStore store;
    private final ProducerTemplate producer;

    RejectedRecords(RejectedRecordStore store, ProducerTemplate producer) {
        this.store = store;
        this.producer = producer;
    }

    public Optional<RejectedRecord> find(long id) {
        return store.find(id);
    }

    /** Records in id order after {@code afterId}; {@code sellerIds} null means every seller. */
    public List<RejectedRecord> list(RejectedRecord.Status status, String connector, Collection<String> sellerIds,
                                     int limit, long afterId) {
        return store.list(status, connector, sellerIds, limit, afterId);
    }

    /**
     * The newest records first, for people working through them: before {@code beforeId} when given (the next page);
     * {@code sellerIds} or {@code branchIds} null means every seller or branch.
     */
    public List<RejectedRecord> newest(RejectedRecord.Status status, String connector, Collection<String> sellerIds,
                                       Collection<String> branchIds, int limit, Long beforeId) {
        return store.newest(status, connector, sellerIds, branchIds, limit, beforeId);
    }

    /**
     * Sends the record (with {@code correctedPayload} first stored when given) through intake again.
     * The original payload and every earlier attempt stay in the record's history.
     */
    public IntakeOutcome replay(long id, JsonNode correctedPayload, String actor) {
        RejectedRecord record = store.find(id).orElseThrow(() -> new RecordNotFound(id));
        if (record.status() != RejectedRecord.Status.OPEN) {
            throw new RecordNotOpen(id, record.status());
        }
        JsonNode payload = record.payload();
        if (correctedPayload != null && !correctedPayload.isNull() && !correctedPayload.isMissingNode()) {
            store.correct(id, correctedPayload, actor);
            payload = correctedPayload;
        }
        Map<String, Object> headers = new HashMap<>();
        // a record that named no connector the hub could keep is filed under none: the (corrected) payload's counts
        if (!IntakeKeys.NO_CONNECTOR.equals(record.connector())) {
            headers.put(IntakeHeaders.CONNECTOR, record.connector());
        }
        headers.put(IntakeHeaders.SOURCE_REF, record.sourceRef());
        headers.put(IntakeHeaders.MAPPING, record.mapping());
        headers.put(IntakeHeaders.ACTOR, actor);
        headers.put(IntakeHeaders.REPLAY_OF, id);
        @SuppressWarnings("unchecked")
        List<IntakeOutcome> outcomes = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, payload, headers, List.class);
        return outcomes.get(0);
    }

    public boolean discard(long id, String actor) {
        return store.discard(id, actor);
    }

    public static class RecordNotFound extends RuntimeException {
        public RecordNotFound(long id) {
            super("rejected record #" + id + " does not exist");
        }
    }

    public static class RecordNotOpen extends RuntimeException {
        public RecordNotOpen(long id, RejectedRecord.Status status) {
            super("rejected record #" + id + " is " + status + ", only OPEN records can be replayed");
        }
    }
}
