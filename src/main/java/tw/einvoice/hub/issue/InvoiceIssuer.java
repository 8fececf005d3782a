package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.OutboundMessage;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.signing.MessageArchive;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Turns one numbered invoice into its F0401: rendered with the seller's registered details, held to its schema,
 * sealed for the archive and stored for Turnkey, and the invoice marked ISSUED, all in the caller's transaction.
 */
@Component
class InvoiceIssuer {

    static final String ACTOR = "stage:issue";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;

    private final InvoiceStore invoices;
    private final MessageStore messages;
    private final MigWriter writer;
    private final MigSchema schema;
    private final MessageArchive archive;
    private final SellerDirectory sellers;

    InvoiceIssuer(InvoiceStore invoices, MessageStore messages, MigWriter writer, MigSchema schema,
                  MessageArchive archive, SellerDirectory sellers) {
        this.invoices = invoices;
        this.messages = messages;
        this.writer = writer;
        this.schema = schema;
        this.archive = archive;
        this.sellers = sellers;
    }

    /** Issues {@code stored} as {@code number}; returns the id of its F0401 message. */
    UUID issue(StoredInvoice stored, String number, String randomCode, OffsetDateTime issuedAt) {
        CanonicalInvoice doc = stored.document().copy();
        doc.setInvoiceNumber(number);
        doc.setRandomCode(randomCode);
        doc.setIssuedAt(issuedAt);
        // the render check passed, so only a defect of ours fails here, and it undoes the whole batch
        String xml = schema.check(MigMessage.F0401, render(doc));
        var date = issuedAt.atZoneSameInstant(MigWriter.TAIWAN).toLocalDate();
        InvoiceMessage message = messages.add(new OutboundMessage(stored.id(), MigMessage.F0401.name(), stored.sellerId(),
                        number, date.format(YMD), MigMessage.F0401.identifier(number, date),
                        MigMessage.F0401.fileName(stored.sellerId(), number, issuedAt), xml),
                archive.seal(stored.sellerId(), xml.getBytes(StandardCharsets.UTF_8)));
        if (!invoices.markIssued(stored.id(), doc, ACTOR, "issued as " + number)) {
            throw new IllegalStateException("invoice " + stored.id() + " left RECEIVED while locked");
        }
        return message.id();
    }

    /** The F0401 of {@code doc} (changed in place) with the seller's registered name and address where it gave none. */
    String render(CanonicalInvoice doc) {
        var seller = sellers.find(doc.getSellerId()).orElseThrow(() ->
                new IllegalStateException("seller " + doc.getSellerId() + " is no longer configured"));
        var given = doc.getSeller();
        doc.setSeller(new CanonicalInvoice.Party(doc.getSellerId(),
                given != null && hasText(given.name()) ? given.name() : seller.name(),
                given != null ? given.email() : null, given != null ? given.phone() : null,
                given != null && hasText(given.address()) ? given.address() : seller.address()));
        return writer.invoice(doc);
    }

    /** A blank override counts as none: written out it would leave the MIG without the seller's name or address. */
    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    static String randomCode() {
        return String.format("%04d", RANDOM.nextInt(10_000));
    }
}
