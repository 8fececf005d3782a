package tw.einvoice.hub.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the REST API at a steady rate, one invoice per request, as a shop's till would be: a 503 is sent again
 * after its Retry-After, a request that got no answer after a second; anything else unexpected is kept for the report.
 */
final class Feeder implements AutoCloseable {

    static final String CONNECTOR = "faults";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest a client waits before the same request, whatever Retry-After says: the run must end. */
    private static final long MAX_RETRY_AFTER_MS = 5000;
    private static final int IN_FLIGHT = 64;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fault-feeder");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final URI invoices;
    private final String apiKey;
    private final String sellerId;
    private final String run;
    private final double rate;

    private final AtomicInteger sent = new AtomicInteger();
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong acceptedAnswers = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedWithoutRetryAfter = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean feeding;

    Feeder(URI base, String apiKey, String sellerId, String run, double rate) {
        this.invoices = base.resolve("/api/v1/invoices");
        this.apiKey = apiKey;
        this.sellerId = sellerId;
        this.run = run;
        this.rate = rate;
    }

    void start() {
        feeding = true;
        long period = Math.max(1, Math.round(1_000_000 / rate));
        clock.scheduleAtFixedRate(() -> {
            if (feeding) {
                send(run + "-" + sent.incrementAndGet());
            }
        }, 0, period, TimeUnit.MICROSECONDS);
    }

    /** No new invoices from now on; those sent are still retried until answered. */
    void stopFeeding() {
        feeding = false;
    }

    private void send(String sourceRef) {
        open.add(sourceRef);
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(invoices).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(invoice(sourceRef))).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            inFlight.release();
            if (failure != null) {
                unanswered.incrementAndGet();
                later(sourceRef, 1000);
            } else if (response.statusCode() / 100 == 2) {
                acceptedAnswers.incrementAndGet();
                accepted.add(sourceRef);
                open.remove(sourceRef);
            } else if (response.statusCode() == 503) {
                refused.incrementAndGet();
                long wait = response.headers().firstValueAsLong("Retry-After").orElse(-1);
                if (wait < 0) {
                    refusedWithoutRetryAfter.incrementAndGet();
                    wait = 1;
                }
                later(sourceRef, Math.min(MAX_RETRY_AFTER_MS, wait * 1000));
            } else {
                unexpected.add(sourceRef + ": " + response.statusCode() + " " + excerpt(response.body()));
                later(sourceRef, 1000);
            }
        });
    }

    private void later(String sourceRef, long millis) {
        if (!clock.isShutdown()) {
            clock.schedule(() -> send(sourceRef), millis, TimeUnit.MILLISECONDS);
        }
    }

    private String invoice(String sourceRef) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("connector", CONNECTOR);
        doc.put("sourceRef", sourceRef);
        doc.put("sellerId", sellerId);
        doc.put("issuedAt", OffsetDateTime.now(ZoneId.of("Asia/Taipei")).truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode carrier = doc.putObject("carrier");
        carrier.put("type", "3J0002");
        carrier.put("id", "/ABC+123");
        doc.put("taxType", "1");
        doc.put("pricesIncludeTax", true);
        ArrayNode items = doc.putArray("items");
        ObjectNode item = items.addObject();
        item.put("description", "乾電池");
        item.put("quantity", 1);
        item.put("unit", "個");
        item.put("unitPrice", 105);
        item.put("amount", 105);
        doc.put("totalAmount", 105);
        return doc.toString();
    }

    private static String excerpt(String body) {
        String s = body == null ? "" : body.replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    int sent() {
        return sent.get();
    }

    /** Sent and not yet accepted (waiting to be sent again, or in flight). */
    int open() {
        return open.size();
    }

    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    long acceptedAnswers() {
        return acceptedAnswers.get();
    }

    long refused() {
        return refused.get();
    }

    long refusedWithoutRetryAfter() {
        return refusedWithoutRetryAfter.get();
    }

    long unanswered() {
        return unanswered.get();
    }

    List<String> unexpected() {
        synchronized (unexpected) {
            return List.copyOf(unexpected);
        }
    }

    String run() {
        return run;
    }

    @Override
    public void close() {
        feeding = false;
        clock.shutdownNow();
    }
}
