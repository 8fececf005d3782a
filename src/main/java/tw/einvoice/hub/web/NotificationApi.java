package tw.einvoice.hub.web;

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
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.notify.ConsumerNotifications;
import tw.einvoice.hub.web.internal.Principals;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "notifications")
class NotificationApi {

    record OptOut(String address) {
    }

    private final InvoiceStore invoices;
    private final Principals principals;
    private final ConsumerNotifications notifications;

    NotificationApi(InvoiceStore invoices, Principals principals, ConsumerNotifications notifications) {
        this.invoices = invoices;
        this.principals = principals;
        this.notifications = notifications;
    }

    @PostMapping("/invoices/{invoiceNumber}/notify")
    @Operation(summary = "Queues an email and/or SMS to the buyer's address in the invoice (once per invoice and channel); 202 with "
            + "what was queued, masked; an opted-out address is listed as OPTED_OUT")
    ResponseEntity<List<ConsumerNotifications.Queued>> notify(@PathVariable String invoiceNumber, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        StoredInvoice invoice = invoices.findByNumber(invoiceNumber, principals.visibleSellers(p))
                .filter(i -> !"BRANCH".equals(p.role()) || (p.branchIds() != null && p.branchIds().contains(i.branchId())))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invoice-not-found", "no invoice " + invoiceNumber + " for your sellers"));
        if (invoice.document().getInvoiceNumber() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "not-issued", "the invoice has no number yet (status " + invoice.status() + ")");
        }
        List<ConsumerNotifications.Queued> queued = notifications.request(invoice, "REQUESTED");
        if (queued.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "no-address", "the invoice's buyer has no valid email or mobile number (buyer.email, buyer.phone)");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(queued);
    }

    @PostMapping("/notifications/opt-out")
    @Operation(summary = "Puts an email address or mobile number on the opt-out list: no further messages go to it")
    Map<String, String> optOut(@RequestBody OptOut body) {
        try {
            return Map.of("optedOut", notifications.optOut(body.address()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-address", e.getMessage());
        }
    }
}
