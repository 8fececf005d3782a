package tw.einvoice.hub.issue;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.exchange.Exchange;
import tw.einvoice.hub.invoice.ArchiveSeal;
import tw.einvoice.hub.invoice.CanonicalInvoice;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return store(List.of(render(stored, null, number, randomCode, issuedAt))).get(0);
    }

    /**
     * One invoice rendered under its number, to be sealed and stored with its batch-mates.
     *
     * @param document the invoice as issued: number, random code, issue time and the seller's registered details
     */
    record Rendered(StoredInvoice stored, CanonicalInvoice document, MigMessage type, OutboundMessage message) {
    }

    /**
     * Renders {@code stored} under {@code number}. {@code checked} is the document the render check passed (its
     * copy with the seller's registered details), or null to start from the stored one.
     */
    Rendered render(StoredInvoice stored, CanonicalInvoice checked, String number, String randomCode,
                    OffsetDateTime issuedAt) {
        CanonicalInvoice doc = checked != null ? checked : withRegisteredSeller(stored.document().copy());
        doc.setInvoiceNumber(number);
        doc.setRandomCode(randomCode);
        doc.setIssuedAt(issuedAt);
        MigMessage type = throughExchange(doc) ? MigMessage.A0101 : MigMessage.F0401;
        String xml;
        if (type == MigMessage.A0101) {
            xml = exchange.render(doc);
            exchange.recordIssued(xml);
        } else if (checked != null) {
            // The render check held this document to the schema and Turnkey's rules with a placeholder number, random
            // code and time; only those three differ now, each written by our own code in the form the schema asks
            // (two letters and eight digits, four digits, the writer's date and time), so a second schema pass here
            // would only repeat the first.
            xml = writer.invoice(doc);
        } else {
            // the render check passed, so only a defect of ours fails here, and it undoes the whole batch
            xml = schema.check(MigMessage.F0401, writer.invoice(doc));
        }
        return rendered(stored, doc, type, xml);
    }

    /**
     * {@code checked}, the document the render check passed as F0401, issued under {@code number} at
     * {@code issuedAt} (the day it was checked on) with {@code checkedXml}, the F0401 it passed as, finished rather
     * than rendered again.
     */
    Rendered finish(StoredInvoice stored, CanonicalInvoice checked, String checkedXml, String number, String randomCode,
                    OffsetDateTime issuedAt) {
        String xml = CheckedRendering.issued(checkedXml, checked.getIssuedAt(), number, randomCode, issuedAt);
        checked.setInvoiceNumber(number);
        checked.setRandomCode(randomCode);
        checked.setIssuedAt(issuedAt);
        return rendered(stored, checked, MigMessage.F0401, xml);
    }

    private static Rendered rendered(StoredInvoice stored, CanonicalInvoice doc, MigMessage type, String xml) {
        String number = doc.getInvoiceNumber();
        OffsetDateTime issuedAt = doc.getIssuedAt();
        var date = issuedAt.atZoneSameInstant(MigWriter.TAIWAN).toLocalDate();
        return new Rendered(stored, doc, type, new OutboundMessage(stored.id(), type.name(), stored.sellerId(),
                number, date.format(YMD), type.identifier(number, date),
                type.fileName(stored.sellerId(), number, issuedAt), xml));
    }

    /**
     * Seals the batch for the archive (one signature per seller over the batch's manifest), stores its messages and
     * marks its invoices ISSUED, in the caller's transaction; returns the messages' ids in the batch's order.
     */
    List<UUID> store(List<Rendered> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<ArchiveSeal> seals = new ArrayList<>(batch.size());
        Map<String, List<Integer>> bySeller = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            bySeller.computeIfAbsent(batch.get(i).stored().sellerId(), k -> new ArrayList<>()).add(i);
            seals.add(null);
        }
        bySeller.forEach((seller, positions) -> {
            List<ArchiveSeal> sealed = archive.sealBatch(seller, positions.stream()
                    .map(i -> batch.get(i).message().xml().getBytes(StandardCharsets.UTF_8)).toList());
            for (int k = 0; k < positions.size(); k++) {
                seals.set(positions.get(k), sealed.get(k));
            }
        });
        List<UUID> ids = messages.addAll(batch.stream().map(Rendered::message).toList(), seals);
        List<InvoiceStore.Issued> issued = batch.stream().map(r -> new InvoiceStore.Issued(r.stored(), r.document(),
                "issued as " + r.message().reference()
                        + (r.type() == MigMessage.A0101 ? " through the B2B exchange (A0101)" : ""))).toList();
        int marked = invoices.markIssued(issued, ACTOR);
        if (marked != batch.size()) {
            throw new IllegalStateException((batch.size() - marked) + " of " + batch.size()
                    + " invoices left RECEIVED while locked");
        }
        return ids;
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

    CanonicalInvoice withRegisteredSeller(CanonicalInvoice doc) {
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
