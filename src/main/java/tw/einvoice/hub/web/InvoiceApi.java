package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.rules.InvoiceText;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1/invoices")
@Tag(name = "invoices", description = "Submit canonical invoices and follow them through their lifecycle")
class InvoiceApi {

    /** Connector name for records submitted through this API without one. */
    static final String API_CONNECTOR = "api";

    private final ProducerTemplate producer;
    private final InvoiceStore invoices;
    private final tw.einvoice.hub.invoice.MessageStore messages;
    private final Principals principals;
    private final int maxBatch;

    InvoiceApi(ProducerTemplate producer, InvoiceStore invoices, tw.einvoice.hub.invoice.MessageStore messages,
               Principals principals, @Value("${hub.intake.max-batch:1000}") int maxBatch) {
        this.messages = messages;
        this.producer = producer;
        this.invoices = invoices;
        this.principals = principals;
        this.maxBatch = maxBatch;
    }

    record BatchResult(int count, long accepted, long duplicates, long rejected, List<IntakeOutcome> results) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit one canonical invoice (object) or a batch of up to 1,000 (array)",
            description = "Idempotent on (connector, sourceRef): a repeat returns the invoice already made. "
                    + "One object answers 201 (accepted), 200 (duplicate) or 422 (rejected, kept for replay); "
                    + "an array answers 200 with one result per item, in order.")
    ResponseEntity<?> submit(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = "application/json", schema = @Schema(type = "object", description = "a canonical invoice, or an array of them")))
                             @RequestBody byte[] json, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        JsonNode body = parse(json);
        if (body.isArray()) {
            if (body.size() > maxBatch) {
                throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "batch-too-large",
                        "a batch holds at most " + maxBatch + " invoices; this one has " + body.size());
            }
            if (body.isEmpty()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "empty-batch", "the batch is empty");
            }
            body.forEach(item -> prepare(item, principal));
            List<IntakeOutcome> results = intake(body, principal);
            return ResponseEntity.ok(new BatchResult(results.size(), count(results, IntakeOutcome.Result.ACCEPTED),
                    count(results, IntakeOutcome.Result.DUPLICATE), count(results, IntakeOutcome.Result.REJECTED), results));
        }
        if (!body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "not-an-invoice", "send a JSON object or an array of objects");
        }
        prepare(body, principal);
        IntakeOutcome outcome = intake(body, principal).get(0);
        HttpStatus status = switch (outcome.result()) {
            case ACCEPTED -> HttpStatus.CREATED;
            case DUPLICATE -> HttpStatus.OK;
            case REJECTED -> HttpStatus.UNPROCESSABLE_ENTITY;
        };
        return ResponseEntity.status(status).body(outcome);
    }

    @GetMapping("/{invoiceNumber}")
    @Operation(summary = "One invoice by its number: status, history, whether uploaded and confirmed")
    InvoiceView byNumber(@PathVariable String invoiceNumber, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        StoredInvoice found = invoices.findByNumber(invoiceNumber, principals.visibleSellers(principal))
                .filter(i -> principal.maySee(i.sellerId(), i.branchId()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invoice-not-found",
                        "no invoice " + invoiceNumber + " for your sellers"));
        return view(found);
    }

    @GetMapping
    @Operation(summary = "One invoice by the record it came from (connector and sourceRef)")
    InvoiceView bySource(@RequestParam(defaultValue = API_CONNECTOR) String connector, @RequestParam String sourceRef,
                         Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        StoredInvoice found = invoices.findBySource(connector, sourceRef)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invoice-not-found",
                        "no invoice from " + connector + "/" + sourceRef));
        if (!principal.maySee(found.sellerId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller", "that invoice belongs to another seller");
        }
        if (!principal.maySee(found.sellerId(), found.branchId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-branch", "that invoice belongs to another branch");
        }
        return view(found);
    }

    private InvoiceView view(StoredInvoice found) {
        return InvoiceView.of(found, invoices.blockedReason(found.id()).orElse(null), invoices.history(found.id()),
                messages.forInvoice(found.id()));
    }

    /** Read here rather than by Spring's mapper, which would read numbers as doubles (see {@link InvoiceJson#tree(byte[])}). */
    static JsonNode parse(byte[] json) {
        if (!utf8(json)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unreadable-body",
                    "the request body is not UTF-8 (RFC 8259): send JSON encoded as UTF-8");
        }
        try {
            return InvoiceJson.tree(json);
        } catch (InvoiceFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unreadable-body", "the request body is not valid JSON");
        }
    }

    /**
     * JSON travels as UTF-8 (RFC 8259 §8.1). The parser would guess UTF-16 and UTF-32 from their zero bytes and read
     * them anyway, so a body is held to UTF-8 here: no malformed sequence, and no NUL byte, which UTF-8 JSON never has.
     */
    private static boolean utf8(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Fills what the caller may leave out and refuses invoices of sellers the caller may not issue for. A caller
     * bound to one seller may name only that seller, as text: a number such as 12345676 is not let through to be
     * refused later, since it names another seller just as well.
     */
    private static void prepare(JsonNode item, HubPrincipal principal) {
        if (!(item instanceof ObjectNode doc)) {
            return; // intake rejects it with a clear violation
        }
        JsonNode seller = doc.get("sellerId");
        if ((seller == null || seller.isNull()) && !principal.allSellers()) {
            doc.put("sellerId", principal.sellerId());
        } else if (seller != null && !seller.isNull() && !principal.allSellers()
                && !(seller.isTextual() && principal.maySee(seller.textValue()))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller",
                    "you may not submit invoices for seller " + InvoiceText.shown(seller.asText()));
        }
        if (principal.branchScoped()) {
            JsonNode branch = doc.get("branchId");
            if ((branch == null || branch.isNull()) && principal.branchIds().size() == 1) {
                doc.put("branchId", principal.branchIds().iterator().next());
            } else if (branch == null || !branch.isTextual() || !principal.branchIds().contains(branch.textValue())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "other-branch",
                        "you may submit invoices only for your branches " + principal.branchIds());
            }
        }
        JsonNode connector = doc.get("connector");
        if (connector == null || connector.isNull()) {
            doc.put("connector", API_CONNECTOR);
        }
    }

    @SuppressWarnings("unchecked")
    private List<IntakeOutcome> intake(JsonNode body, HubPrincipal principal) {
        JsonNode records = body.isArray() ? body : wrap(body);
        return producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, records,
                Map.of(IntakeHeaders.ACTOR, principal.actor()), List.class);
    }

    private static ArrayNode wrap(JsonNode one) {
        ArrayNode array = InvoiceJson.mapper().createArrayNode();
        array.add(one);
        return array;
    }

    private static long count(List<IntakeOutcome> results, IntakeOutcome.Result r) {
        return results.stream().filter(o -> o.result() == r).count();
    }
}
