package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
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
import tw.einvoice.hub.exchange.Exchange;
import tw.einvoice.hub.exchange.ExchangeInvoice;
import tw.einvoice.hub.exchange.ExchangeRefusal;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.web.internal.Principals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/exchange")
@Tag(name = "exchange", description = "B2B exchange (B2B交換): invoices sent to partners (outbox) and received (inbox)")
class ExchangeApi {

    private final Exchange exchange;
    private final Principals principals;

    ExchangeApi(Exchange exchange, Principals principals) {
        this.exchange = exchange;
        this.principals = principals;
    }

    record Rejection(String reason) {
    }

    @PostMapping(path = "/invoices", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send a numbered canonical invoice (invoiceNumber filled) to a partner as A0101",
            description = "201 with the outbox entry; 422 when the buyer is no partner, the number was sent before or "
                    + "Turnkey would refuse the message")
    ResponseEntity<ExchangeInvoice> send(@RequestBody byte[] json, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        CanonicalInvoice invoice;
        try {
            invoice = InvoiceJson.read(new String(json, StandardCharsets.UTF_8));
        } catch (InvoiceFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-json", e.field() + ": " + e.reason());
        }
        if (invoice.getSellerId() == null) {
            invoice.setSellerId(principal.sellerId());
        }
        if (!principal.maySee(invoice.getSellerId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller", "the invoice names another seller");
        }
        ExchangeInvoice sent = exchange.send(invoice);
        return ResponseEntity.created(URI.create("/api/v1/exchange/invoices/" + sent.id())).body(sent);
    }

    @GetMapping("/outbox")
    @Operation(summary = "Invoices we sent through the exchange, newest first, with the buyer's answer")
    List<ExchangeInvoice> outbox(@RequestParam(required = false) String status,
                                 @RequestParam(defaultValue = "100") int limit, Authentication auth) {
        return list(ExchangeInvoice.Direction.SALE, status, limit, principals.of(auth));
    }

    @GetMapping("/inbox")
    @Operation(summary = "Purchase invoices received through the exchange, newest first: PENDING, CONFIRMED, REJECTED")
    List<ExchangeInvoice> inbox(@RequestParam(required = false) String status,
                                @RequestParam(defaultValue = "100") int limit, Authentication auth) {
        return list(ExchangeInvoice.Direction.PURCHASE, status, limit, principals.of(auth));
    }

    @GetMapping("/invoices/{id}")
    @Operation(summary = "One exchanged invoice")
    ExchangeInvoice one(@PathVariable UUID id, Authentication auth) {
        return visible(id, principals.of(auth));
    }

    @GetMapping(path = "/invoices/{id}/xml", produces = MediaType.APPLICATION_XML_VALUE)
    @Operation(summary = "The A0101 exactly as sent or received")
    ResponseEntity<String> xml(@PathVariable UUID id, Authentication auth) {
        ExchangeInvoice invoice = visible(id, principals.of(auth));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"A0101_" + invoice.sellerId() + "_"
                        + invoice.invoiceNumber() + ".xml\"")
                .contentType(new MediaType("application", "xml", StandardCharsets.UTF_8))
                .body(exchange.originalXml(id));
    }

    @GetMapping(path = "/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The invoice drawn on an A4 page (PDF) with its exchange status")
    ResponseEntity<byte[]> pdf(@PathVariable UUID id, Authentication auth) {
        ExchangeInvoice invoice = visible(id, principals.of(auth));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"A0101_" + invoice.sellerId() + "_"
                        + invoice.invoiceNumber() + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(exchange.pdf(id));
    }

    @PostMapping("/inbox/{id}/confirm")
    @Operation(summary = "Confirm a pending purchase invoice (A0102 to the seller)")
    ExchangeInvoice confirm(@PathVariable UUID id, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        visible(id, principal);
        return exchange.confirm(id, principal.actor());
    }

    @PostMapping(path = "/inbox/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject a pending purchase invoice with a reason of 1–20 characters (A0301 to the seller)")
    ExchangeInvoice reject(@PathVariable UUID id, @RequestBody Rejection rejection, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        visible(id, principal);
        return exchange.reject(id, rejection == null ? null : rejection.reason(), principal.actor());
    }

    @GetMapping("/refusals")
    @Operation(summary = "Inbound exchange messages refused (not XML, schema, Turnkey's rules, not addressed to us)")
    List<ExchangeRefusal> refusals(@RequestParam(defaultValue = "100") int limit, Authentication auth) {
        if (!principals.of(auth).allSellers()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "all-sellers-only", "refused messages may name any seller");
        }
        return exchange.refusals(limit);
    }

    private List<ExchangeInvoice> list(ExchangeInvoice.Direction direction, String status, int limit,
                                       HubPrincipal principal) {
        String s = status == null || status.isBlank() || "ALL".equalsIgnoreCase(status) ? null
                : status.toUpperCase(Locale.ROOT);
        return exchange.list(direction, s, principal.allSellers() ? null : List.of(principal.sellerId()), limit);
    }

    private ExchangeInvoice visible(UUID id, HubPrincipal principal) {
        ExchangeInvoice invoice = exchange.find(id).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "not-found", "no exchanged invoice " + id));
        if (!principal.maySee(invoice.ourBan())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "other-seller", "that invoice belongs to another seller");
        }
        return invoice;
    }
}
