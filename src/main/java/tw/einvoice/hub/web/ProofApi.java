package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.print.PrintQueue;
import tw.einvoice.hub.print.Proofs;
import tw.einvoice.hub.web.internal.Principals;

@RestController
@RequestMapping("/api/v1/invoices")
@Tag(name = "invoices")
class ProofApi {

    /** How many reprints are on record; 0 for a proof never reprinted. */
    static final String REPRINTS_HEADER = "X-Proof-Reprints";

    private final InvoiceStore invoices;
    private final Principals principals;
    private final Proofs proofs;
    private final PrintQueue printQueue;

    ProofApi(InvoiceStore invoices, Principals principals, Proofs proofs, PrintQueue printQueue) {
        this.invoices = invoices;
        this.principals = principals;
        this.proofs = proofs;
        this.printQueue = printQueue;
    }

    @PostMapping("/{invoiceNumber}/print")
    @Operation(summary = "Queues the proof for a network thermal printer (hub.print.printers); 202 with the job. "
            + "Carrier and donated invoices: 409 with the reason; an unknown printer: 400")
    ResponseEntity<PrintQueue.Job> print(@PathVariable String invoiceNumber, @RequestParam String printer, Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(printQueue.enqueue(visible(invoiceNumber, auth), printer, principal.actor()));
    }

    @GetMapping("/{invoiceNumber}/proof.pdf")
    @Operation(summary = "The invoice's 5.7 cm proof as PDF; marked 補印 once reprinted. Carrier and donated invoices: 409")
    ResponseEntity<byte[]> pdf(@PathVariable String invoiceNumber, Authentication auth) {
        return answer(proofs.view(visible(invoiceNumber, auth), Proofs.Format.PDF), Proofs.Format.PDF);
    }

    @GetMapping("/{invoiceNumber}/proof.png")
    @Operation(summary = "The invoice's 5.7 cm proof as PNG (12 dots/mm by default)")
    ResponseEntity<byte[]> png(@PathVariable String invoiceNumber, Authentication auth) {
        return answer(proofs.view(visible(invoiceNumber, auth), Proofs.Format.PNG), Proofs.Format.PNG);
    }

    @PostMapping("/{invoiceNumber}/reprint")
    @Operation(summary = "Counts a reprint and answers the proof marked 補印 (format=pdf|png, default pdf)")
    ResponseEntity<byte[]> reprint(@PathVariable String invoiceNumber, @RequestParam(defaultValue = "pdf") String format,
                                   Authentication auth) {
        Proofs.Format f = switch (format) {
            case "pdf" -> Proofs.Format.PDF;
            case "png" -> Proofs.Format.PNG;
            default -> throw new ApiException(HttpStatus.BAD_REQUEST, "bad-format", "format is pdf or png, not " + format);
        };
        HubPrincipal principal = principals.of(auth);
        StoredInvoice invoice = visible(invoiceNumber, auth);
        return answer(proofs.reprint(invoice, f, principal.actor()), f);
    }

    private ResponseEntity<byte[]> answer(Proofs.Rendered rendered, Proofs.Format format) {
        return ResponseEntity.ok()
                .contentType(format == Proofs.Format.PDF ? MediaType.APPLICATION_PDF : MediaType.IMAGE_PNG)
                .header(REPRINTS_HEADER, String.valueOf(rendered.reprints()))
                .body(rendered.bytes());
    }

    /** Another seller's invoice, or another branch's for a branch user, is not found rather than forbidden. */
    private StoredInvoice visible(String invoiceNumber, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        return invoices.findByNumber(invoiceNumber, principals.visibleSellers(p))
                .filter(i -> !"BRANCH".equals(p.role()) || (p.branchIds() != null && p.branchIds().contains(i.branchId())))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "invoice-not-found",
                        "no invoice " + invoiceNumber + " for your sellers"));
    }
}
