package tw.einvoice.hub;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Follows one invoice through the query API, as a source system would, until it reaches a status (or any state a
 * test names). A wait in vain fails saying where the invoice stopped: the last view's status, why it is held, the
 * platform's error and its messages.
 *
 * <pre>{@code
 * JsonNode view = InvoiceAwait.bySource(api, sourceRef).reaches("CONFIRMED");
 * InvoiceAwait.byNumber(api, number).until("its allowance confirmed", v -> v.get("messages").size() == 2 && …);
 * }</pre>
 */
public final class InvoiceAwait {

    /** The whole walk on a busy build machine; the simulator itself answers within a second. */
    public static final Duration WALK = Duration.ofSeconds(90);

    private final HubClient api;
    private final String path;
    private final String name;
    private final Duration atMost;

    private InvoiceAwait(HubClient api, String path, String name, Duration atMost) {
        this.api = api;
        this.path = path;
        this.name = name;
        this.atMost = atMost;
    }

    /** The invoice made from {@code sourceRef} of connector {@code test}, the one {@link Invoices#valid} names. */
    public static InvoiceAwait bySource(HubClient api, String sourceRef) {
        return bySource(api, "test", sourceRef);
    }

    public static InvoiceAwait bySource(HubClient api, String connector, String sourceRef) {
        return new InvoiceAwait(api, "/api/v1/invoices?connector=" + encode(connector) + "&sourceRef=" + encode(sourceRef),
                "invoice " + connector + "/" + sourceRef, WALK);
    }

    public static InvoiceAwait byNumber(HubClient api, String invoiceNumber) {
        return new InvoiceAwait(api, "/api/v1/invoices/" + encode(invoiceNumber), "invoice " + invoiceNumber, WALK);
    }

    public InvoiceAwait atMost(Duration limit) {
        return new InvoiceAwait(api, path, name, limit);
    }

    /** Waits until the invoice is in {@code status}; answers the view that showed it. */
    public JsonNode reaches(String status) {
        return until("status " + status, view -> status.equals(view.path("status").asText()));
    }

    /** Waits until the invoice's view satisfies {@code condition} (described as {@code expectation}); answers that view. */
    public JsonNode until(String expectation, Predicate<JsonNode> condition) {
        AtomicReference<HubClient.Response> last = new AtomicReference<>();
        try {
            await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                HubClient.Response r = api.get(path);
                last.set(r);
                if (r.status() == 401 || r.status() == 403) {
                    // a refusal does not go away by waiting
                    throw new AssertionError(name + ": the API refused to show it: " + describe(r));
                }
                return r.status() == 200 && r.body() != null && condition.test(r.body());
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not reach " + expectation + " within " + atMost.toSeconds()
                    + " s; last view: " + describe(last.get()), e);
        }
        return last.get().body();
    }

    /** One line on where an invoice stands, for failure messages. */
    public static String describe(HubClient.Response r) {
        if (r == null) {
            return "none (the API was never asked)";
        }
        JsonNode v = r.body();
        if (r.status() != 200 || v == null) {
            return "HTTP " + r.status() + " " + (v == null ? r.text() : v.path("title").asText("") + " "
                    + v.path("detail").asText(""));
        }
        List<String> parts = new ArrayList<>();
        parts.add("status " + v.path("status").asText("?"));
        if (v.hasNonNull("invoiceNumber")) {
            parts.add("number " + v.get("invoiceNumber").asText());
        }
        if (v.hasNonNull("blockedReason")) {
            parts.add("held: " + v.get("blockedReason").asText());
        }
        if (v.hasNonNull("platformError")) {
            parts.add("platform error " + v.get("platformError").path("code").asText() + " "
                    + v.get("platformError").path("message").asText(""));
        }
        parts.add("history " + String.join(" → ", v.path("history").findValuesAsText("toStatus")));
        List<String> messages = new ArrayList<>();
        for (JsonNode m : v.path("messages")) {
            String error = m.hasNonNull("errorCode") ? " " + m.get("errorCode").asText() : "";
            messages.add(m.path("messageType").asText() + " " + m.path("status").asText()
                    + (m.hasNonNull("turnkeyStatus") ? "/" + m.get("turnkeyStatus").asText() : "") + error);
        }
        parts.add("messages [" + String.join(", ", messages) + "]");
        return String.join(", ", parts);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
