package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.exchange.Exchange;
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
 * An invoice to a buyer registered for the B2B exchange becomes an A0101 instead, which also enters the exchange's
 * outbox to wait for the buyer's answer; it travels to Turnkey like an F0401.
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
    private final Exchange exchange;

    InvoiceIssuer(InvoiceStore invoices, MessageStore messages, MigWriter writer, MigSchema schema,
                  MessageArchive archive, SellerDirectory sellers, Exchange exchange) {
        this.exchange = exchange;
        this.invoices = invoices;
        this.messages = messages;
        this.writer = writer;
        this.schema = schema;
        this.archive = archive;
        this.sellers = sellers;
    }

    /** Issues {@code stored} as {@code number}; returns the id of its F0401 (or, to an exchange partner, A0101). */
    UUID issue(StoredInvoice stored, String number, String randomCode, OffsetDateTime issuedAt) {
        CanonicalInvoice doc = stored.document().copy();
        doc.setInvoiceNumber(number);
        doc.setRandomCode(randomCode);
        doc.setIssuedAt(issuedAt);
        MigMessage type = throughExchange(doc) ? MigMessage.A0101 : MigMessage.F0401;
        // the render check passed, so only a defect of ours fails here, and it undoes the whole batch
        String xml = type == MigMessage.A0101 ? renderForExchange(doc) : schema.check(MigMessage.F0401, render(doc));
        if (type == MigMessage.A0101) {
            exchange.recordIssued(xml);
        }
        var date = issuedAt.atZoneSameInstant(MigWriter.TAIWAN).toLocalDate();
        InvoiceMessage message = messages.add(new OutboundMessage(stored.id(), type.name(), stored.sellerId(),
                        number, date.format(YMD), type.identifier(number, date),
                        type.fileName(stored.sellerId(), number, issuedAt), xml),
                archive.seal(stored.sellerId(), xml.getBytes(StandardCharsets.UTF_8)));
        if (!invoices.markIssued(stored.id(), doc, ACTOR, "issued as " + number
                + (type == MigMessage.A0101 ? " through the B2B exchange (A0101)" : ""))) {
            throw new IllegalStateException("invoice " + stored.id() + " left RECEIVED while locked");
        }
        return message.id();
    }

    /** The F0401 of {@code doc} (changed in place) with the seller's registered name and address where it gave none. */
    String render(CanonicalInvoice doc) {
        return writer.invoice(withRegisteredSeller(doc));
    }

    /** Whether the invoice goes to its buyer through the B2B exchange (hub.exchange.partners) rather than storage. */
    boolean throughExchange(CanonicalInvoice doc) {
        return doc.hasBusinessBuyer() && exchange.isPartner(doc.getBuyer().id());
    }

    /** The A0101 of {@code doc} (changed in place), held to its schema and Turnkey's rules. */
    String renderForExchange(CanonicalInvoice doc) {
        return exchange.render(withRegisteredSeller(doc));
    }

    private CanonicalInvoice withRegisteredSeller(CanonicalInvoice doc) {
        var seller = sellers.find(doc.getSellerId()).orElseThrow(() ->
                new IllegalStateException("seller " + doc.getSellerId() + " is no longer configured"));
        var given = doc.getSeller();
        doc.setSeller(new CanonicalInvoice.Party(doc.getSellerId(),
                given != null && hasText(given.name()) ? given.name() : seller.name(),
                given != null ? given.email() : null, given != null ? given.phone() : null,
                given != null && hasText(given.address()) ? given.address() : seller.address()));
        return doc;
    }

    /** A blank override counts as none: written out it would leave the MIG without the seller's name or address. */
    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    static String randomCode() {
        return String.format("%04d", RANDOM.nextInt(10_000));
    }
}
