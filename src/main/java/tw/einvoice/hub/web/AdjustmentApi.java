package tw.einvoice.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.invoice.InvoiceFormatException;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.issue.Adjustments;
import tw.einvoice.hub.transmit.TurnkeyGateway;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/invoices/{invoiceNumber}")
@Tag(name = "adjustments", description = "Cancel (作廢), void (註銷) and re-issue, allowances (折讓)")
class AdjustmentApi {

    private final Adjustments adjustments;
    private final InvoiceStore invoices;
    private final TurnkeyGateway gateway;
    private final Principals principals;

    AdjustmentApi(Adjustments adjustments, InvoiceStore invoices, TurnkeyGateway gateway, Principals principals) {
        this.adjustments = adjustments;
        this.invoices = invoices;
        this.gateway = gateway;
        this.principals = principals;
    }

    record CancelRequest(@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String reason, @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String returnTaxDocumentNumber,
                         @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String remark) {
    }

    record VoidRequest(@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String reason, @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String remark) {
    }

    record AllowanceRequest(List<Adjustments.AllowanceLine> items) {
    }

    record CancelAllowanceRequest(@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrictText.class) String reason) {
    }

    /** What was queued for Turnkey; the invoice's status changes when the platform confirms it. */
    record Queued(UUID messageId, String messageType, String reference, String allowanceNumber) {
    }

    @PostMapping("/cancel")
    @Operation(summary = "Cancel (F0501; A0201 for an invoice issued through the B2B exchange) a confirmed invoice of the current period")
    ResponseEntity<Queued> cancel(@PathVariable String invoiceNumber, @RequestBody CancelRequest body, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        StoredInvoice invoice = find(invoiceNumber, p);
        return queued(adjustments.cancel(invoice, reason(body.reason()), body.returnTaxDocumentNumber(), body.remark(), p.actor()), null);
    }

    @PostMapping("/void")
    @Operation(summary = "Void (F0701) a confirmed invoice so that it can be re-issued under its number")
    ResponseEntity<Queued> voidInvoice(@PathVariable String invoiceNumber, @RequestBody VoidRequest body, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        return queued(adjustments.voidInvoice(find(invoiceNumber, p), reason(body.reason()), body.remark(), p.actor()), null);
    }

    @PostMapping("/reissue")
    @Operation(summary = "Re-issue a voided invoice under the same number with a corrected canonical document")
    ResponseEntity<Queued> reissue(@PathVariable String invoiceNumber, @RequestBody JsonNode corrected, Authentication auth) {
        return issueAgain(invoiceNumber, corrected, auth, adjustments::reissue);
    }

    @PostMapping("/resend")
    @Operation(summary = "Resend an invoice the platform rejected, corrected, under the same number")
    ResponseEntity<Queued> resend(@PathVariable String invoiceNumber, @RequestBody JsonNode corrected, Authentication auth) {
        return issueAgain(invoiceNumber, corrected, auth, adjustments::resend);
    }

    private interface IssueAgain {
        InvoiceMessage apply(StoredInvoice invoice, tw.einvoice.hub.invoice.CanonicalInvoice corrected, String actor);
    }

    private ResponseEntity<Queued> issueAgain(String invoiceNumber, JsonNode corrected, Authentication auth, IssueAgain how) {
        HubPrincipal p = principals.of(auth);
        StoredInvoice invoice = find(invoiceNumber, p);
        try {
            return queued(how.apply(invoice, InvoiceJson.read(corrected), p.actor()), null);
        } catch (InvoiceFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "not-an-invoice", e.getMessage());
        }
    }

    @PostMapping("/allowances")
    @Operation(summary = "Issue an allowance (G0401; B0101 through the B2B exchange) against a confirmed invoice; allowed across periods")
    ResponseEntity<Queued> allowance(@PathVariable String invoiceNumber, @RequestBody AllowanceRequest body, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        StoredInvoice invoice = find(invoiceNumber, p);
        lines(body.items());
        Adjustments.AllowanceMade made = adjustments.allowance(invoice, body.items(), p.actor());
        gateway.enqueue(made.messageId());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Queued(made.messageId(), made.messageType(), made.allowanceNumber(), made.allowanceNumber()));
    }

    @PostMapping("/allowances/{allowanceNumber}/cancel")
    @Operation(summary = "Cancel an allowance (G0501; B0201 through the B2B exchange)")
    ResponseEntity<Queued> cancelAllowance(@PathVariable String invoiceNumber, @PathVariable String allowanceNumber,
                                           @RequestBody CancelAllowanceRequest body, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        return queued(adjustments.cancelAllowance(find(invoiceNumber, p), allowanceNumber, reason(body.reason()), p.actor()),
                allowanceNumber);
    }

    private ResponseEntity<Queued> queued(InvoiceMessage m, String allowanceNumber) {
        gateway.enqueue(m.id());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(m.id(), m.messageType(), m.reference(), allowanceNumber));
    }

    private StoredInvoice find(String invoiceNumber, HubPrincipal p) {
        return invoices.findByNumber(invoiceNumber, principals.visibleSellers(p))
                .filter(i -> p.maySee(i.sellerId(), i.branchId()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invoice-not-found",
                        "no invoice " + invoiceNumber + " for your sellers"));
    }

    /**
     * What G0401's schema would refuse, refused here naming the line and field (the schema's own message names an XML
     * line and a facet): a description of 1–500 characters an invoice can carry, amounts not negative, a tax type.
     */
    private static void lines(List<Adjustments.AllowanceLine> items) {
        if (items == null) {
            return; // adjustments answers "at least one item"
        }
        List<String> wrong = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Adjustments.AllowanceLine line = items.get(i);
            String at = "items[" + i + "].";
            if (line == null) {
                wrong.add("items[" + i + "] is empty");
                continue;
            }
            if (line.description() == null || line.description().isBlank() || line.description().length() > 500) {
                wrong.add(at + "description: 1–500 characters");
            } else if (!tw.einvoice.hub.rules.InvoiceText.isCarriable(line.description())) {
                wrong.add(at + "description holds a character an invoice cannot carry");
            }
            for (var amount : java.util.Map.of("quantity", java.util.Optional.ofNullable(line.quantity()),
                    "unitPrice", java.util.Optional.ofNullable(line.unitPrice()), "amount", java.util.Optional.ofNullable(line.amount()),
                    "tax", java.util.Optional.ofNullable(line.tax())).entrySet()) {
                if (amount.getValue().map(v -> v.signum() < 0).orElse(false)) {
                    wrong.add(at + amount.getKey() + " may not be negative");
                }
            }
            if (line.taxType() != null && !line.taxType().matches("[1-9]")) {
                wrong.add(at + "taxType: one digit (1 taxable, 2 zero-rated, 3 exempt)");
            }
        }
        if (!wrong.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-allowance", String.join("; ", wrong));
        }
    }

    private static String reason(String reason) {
        if (!Adjustments.validReason(reason)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-reason", "reason is required, 1–20 characters (MIG)");
        }
        if (!tw.einvoice.hub.rules.InvoiceText.isCarriable(reason)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-reason", "reason holds a character an invoice cannot carry: "
                    + tw.einvoice.hub.rules.InvoiceText.shown(reason));
        }
        return reason;
    }
}
