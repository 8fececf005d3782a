package tw.einvoice.hub.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A source sending its records to {@code POST /api/v1/invoices} in batches, as a well-behaved client does: a batch that
 * got no answer (the hub died under it, or is starting) or a 503 is sent again, unchanged, until the hub answers it;
 * the same (connector, sourceRef) is idempotent, so a batch the hub had stored before dying comes back as duplicates.
 */
final class InvoiceFeeder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubProcess hub;
    private final String apiKey;
    private final int batchSize;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger batchesStarted = new AtomicInteger();
    private final AtomicInteger batchesAnswered = new AtomicInteger();
    private final AtomicInteger recordsAnswered = new AtomicInteger();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Thread worker;

    InvoiceFeeder(HubProcess hub, String apiKey, int batchSize) {
        this.hub = hub;
        this.apiKey = apiKey;
        this.batchSize = batchSize;
    }

    /** Sends {@code records} on a thread of its own; one feed at a time. */
    void feed(List<CrashRecords.Record> records) {
        if (worker != null && worker.isAlive()) {
            throw new IllegalStateException("still feeding the previous records");
        }
        worker = new Thread(() -> {
            try {
                for (int from = 0; from < records.size(); from += batchSize) {
                    post(records.subList(from, Math.min(records.size(), from + batchSize)));
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "crash-run-feeder");
        worker.setDaemon(true);
        worker.start();
    }

    private void post(List<CrashRecords.Record> batch) throws InterruptedException {
        ArrayNode body = JSON.createArrayNode();
        batch.forEach(r -> body.add(r.json()));
        String json = body.toString();
        batchesStarted.incrementAndGet();
        while (true) {
            URI base = hub.base().orElse(null);
            if (base == null) {
                HubProcess.pause();
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/invoices"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response;
            inFlight.set(true);
            try {
                posts.incrementAndGet();
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                unanswered.incrementAndGet();
                HubProcess.pause();
                continue;
            } finally {
                inFlight.set(false);
            }
            if (response.statusCode() == 503) {
                unavailable.incrementAndGet();
                HubProcess.pause();
                continue;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("intake answered " + response.statusCode() + " to a batch of "
                        + batch.size() + ": " + response.body());
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException("intake's answer is not JSON: " + response.body(), e);
            }
            for (JsonNode result : answer.get("results")) {
                outcomes.put(result.get("sourceRef").asText(), result.get("result").asText());
            }
            recordsAnswered.addAndGet(batch.size());
            batchesAnswered.incrementAndGet();
            return;
        }
    }

    /** Waits until batch number {@code n} (from 1) has been started; false when feeding ended before. */
    boolean awaitBatchStarted(int n) {
        while (batchesStarted.get() < n) {
            if (done()) {
                return false;
            }
            HubProcess.pause();
        }
        return true;
    }

    boolean done() {
        return worker == null || !worker.isAlive();
    }

    /** Rethrows what stopped the feeding, if anything did. */
    void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("feeding the hub failed: " + failure.get().getMessage(), failure.get());
        }
    }

    boolean postInFlight() {
        return inFlight.get();
    }

    int batchesStarted() {
        return batchesStarted.get();
    }

    int batchesAnswered() {
        return batchesAnswered.get();
    }

    int recordsAnswered() {
        return recordsAnswered.get();
    }

    int posts() {
        return posts.get();
    }

    /** POSTs that got no answer: the hub was killed under them, or not listening yet. */
    int unanswered() {
        return unanswered.get();
    }

    int unavailable() {
        return unavailable.get();
    }

    /** The last answer for each source reference: ACCEPTED, DUPLICATE or REJECTED. */
    Map<String, String> outcomes() {
        return Map.copyOf(outcomes);
    }
}
