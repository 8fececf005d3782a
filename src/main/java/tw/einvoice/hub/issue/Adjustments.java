package tw.einvoice.hub.issue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.exchange.Exchange;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.OutboundMessage;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.mig.AllowanceData;
import tw.einvoice.hub.mig.CancelAllowanceData;
import tw.einvoice.hub.mig.CancelInvoiceData;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.VoidInvoiceData;
import tw.einvoice.hub.rules.InvoiceValidator;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.signing.MessageArchive;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Changes to an issued invoice: cancel (作廢, same period only), void (註銷) and re-issue under the
 * same number, allowances (折讓, across periods) and their cancellation. Each makes one MIG message
 * that travels like an F0401; the invoice's status moves when the platform confirms it.
 */
@Service
public class Adjustments {

    private final InvoiceStore invoices;
    private final MessageStore messages;
    private final MigWriter writer;
    private final MigSchema schema;
    private final MessageArchive archive;
    private final SellerDirectory sellers;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final InvoiceValidator validator;
    private final Exchange exchange;

    Adjustments(InvoiceStore invoices, MessageStore messages, MigWriter writer, MigSchema schema, MessageArchive archive,
                SellerDirectory sellers, JdbcClient jdbc, Clock clock, InvoiceValidator validator, Exchange exchange) {
        this.exchange = exchange;
        this.validator = validator;
        this.invoices = invoices;
        this.messages = messages;
        this.writer = writer;
        this.schema = schema;
        this.archive = archive;
        this.sellers = sellers;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A change the rules do not allow, with the reason for the caller. */
    public static class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason);
        }
    }

    /** The MIG's limit on a cancel or void reason. */
    public static final int REASON_MAX = 20;

    /** A cancel or void reason the MIG takes: 1–20 characters. */
    public static boolean validReason(String reason) {
        return reason != null && !reason.isBlank() && reason.length() <= REASON_MAX;
    }

    public record AllowanceLine(Integer originalSequenceNumber, String description, BigDecimal quantity, String unit,
                                BigDecimal unitPrice, BigDecimal amount, BigDecimal tax, String taxType) {
    }

    /** @param messageType G0401, or B0101 for an invoice issued through the B2B exchange */
    public record AllowanceMade(UUID messageId, String allowanceNumber, BigDecimal amount, BigDecimal tax,
                                String messageType) {
    }

    /** F0501. Only in the invoice's own period; across periods an allowance is the way. */
    @Transactional
    public InvoiceMessage cancel(StoredInvoice invoice, String reason, String returnTaxDocumentNumber, String remark,
                                 String actor) {
        requireConfirmed(invoice, "cancelled");
        boolean exchanged = exchanged(invoice);
        OffsetDateTime now = now();
        TaxPeriod issued = TaxPeriod.of(invoiceDate(invoice));
        TaxPeriod current = TaxPeriod.of(now.toLocalDate());
        if (!issued.equals(current)) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " belongs to period " + issued.code()
                    + "; cancelling is allowed only within that period (now " + current.code() + "): issue an allowance instead");
        }
        var data = new CancelInvoiceData(invoice.invoiceNumber(), invoiceDate(invoice), buyerId(invoice),
                invoice.sellerId(), now.toLocalDate(), now.toLocalTime(), reason, returnTaxDocumentNumber, remark);
        if (exchanged) {
            // the buyer's A0202 makes it CANCELLED, as the platform's C does for an F0501
            return storeExchanged(invoice, MigMessage.A0201, invoice.invoiceNumber(), now, writer.exchangeCancel(data),
                    actor, "cancel requested through the B2B exchange (A0201): " + reason);
        }
        return store(invoice, MigMessage.F0501, invoice.invoiceNumber(), now, writer.cancel(data), actor,
                "cancel requested: " + reason);
    }

    /** F0701: voids the stored invoice so that it can be issued again under the same number. */
    @Transactional
    public InvoiceMessage voidInvoice(StoredInvoice invoice, String reason, String remark, String actor) {
        requireConfirmed(invoice, "voided");
        requireStorage(invoice, "voided");
        OffsetDateTime now = now();
        String xml = writer.voidInvoice(new VoidInvoiceData(invoice.invoiceNumber(), invoiceDate(invoice), buyerId(invoice),
                invoice.sellerId(), now.toLocalDate(), now.toLocalTime(), reason, remark));
        return store(invoice, MigMessage.F0701, invoice.invoiceNumber(), now, xml, actor, "void requested: " + reason);
    }

    /** A new F0401 under the voided invoice's number and random code, with the corrected content. */
    @Transactional
    public InvoiceMessage reissue(StoredInvoice invoice, CanonicalInvoice corrected, String actor) {
        if (invoice.status() != InvoiceStatus.VOIDED) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " is " + invoice.status()
                    + "; only a VOIDED invoice is issued again under its number");
        }
        return issueAgain(invoice, corrected, actor, "re-issued under the same number after void");
    }

    /**
     * Sends a corrected F0401 for an invoice the platform rejected. Only a definite error (REJECTED) and
     * only with changed content: the platform answers a repeat of the same message as a duplicate.
     */
    @Transactional
    public InvoiceMessage resend(StoredInvoice invoice, CanonicalInvoice corrected, String actor) {
        if (invoice.status() != InvoiceStatus.REJECTED) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " is " + invoice.status()
                    + "; only an invoice the platform rejected is resent");
        }
        return issueAgain(invoice, corrected, actor, "resent after correction of " + invoice.platformCode());
    }

    private InvoiceMessage issueAgain(StoredInvoice invoice, CanonicalInvoice corrected, String actor, String reason) {
        requireStorage(invoice, "issued again");
        CanonicalInvoice doc = corrected.copy();
        doc.setConnector(invoice.connector());
        doc.setSourceRef(invoice.sourceRef());
        doc.setSellerId(invoice.sellerId());
        doc.setBranchId(invoice.branchId());
        doc.setInvoiceNumber(invoice.invoiceNumber());
        doc.setRandomCode(invoice.randomCode());
        doc.setIssuedAt(invoice.document().getIssuedAt());
        var seller = sellers.find(invoice.sellerId()).orElseThrow();
        doc.setSeller(new CanonicalInvoice.Party(seller.id(), seller.name(), null, null, seller.address()));
        // the number was issued in its period already: only the content is checked again
        var violations = validator.validate(doc).stream()
                .filter(v -> !v.code().equals("PERIOD_CLOSED") && !v.code().equals("ISSUED_IN_FUTURE")).toList();
        if (!violations.isEmpty()) {
            throw new Refused("the corrected invoice is not valid: " + violations);
        }
        if (InvoiceJson.toTree(doc).equals(InvoiceJson.toTree(invoice.document()))) {
            throw new Refused("the invoice is unchanged; the platform would refuse the same message again");
        }
        String xml = writer.invoice(doc);
        if (!invoices.reissue(invoice.id(), invoice.status(), doc, actor, reason)) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " changed meanwhile; try again");
        }
        return store(invoice, MigMessage.F0401, invoice.invoiceNumber(), doc.getIssuedAt(), xml, null, null);
    }

    /** G0401 against a confirmed invoice; allowed across periods, never beyond what remains of the invoice. */
    @Transactional
    public AllowanceMade allowance(StoredInvoice invoice, List<AllowanceLine> lines, String actor) {
        if (invoice.status() != InvoiceStatus.CONFIRMED) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " is " + invoice.status()
                    + "; allowances are made against confirmed invoices");
        }
        boolean exchanged = exchanged(invoice);
        if (lines == null || lines.isEmpty()) {
            throw new Refused("an allowance needs at least one item");
        }
        BigDecimal amount = lines.stream().map(AllowanceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal tax = lines.stream().map(AllowanceLine::tax).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal already = jdbc.sql("SELECT coalesce(sum(amount + tax), 0) FROM allowance WHERE invoice_id = ? AND NOT cancelled")
                .param(invoice.id()).query(BigDecimal.class).single();
        BigDecimal total = invoice.document().getTotalAmount();
        if (already.add(amount).add(tax).compareTo(total) > 0) {
            throw new Refused("allowances would total " + already.add(amount).add(tax) + " NTD, more than the invoice's "
                    + total + " NTD (E0309)");
        }
        OffsetDateTime now = now();
        long seq = jdbc.sql("SELECT nextval('allowance_seq')").query(Long.class).single();
        String number = "AL" + now.toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%06d", seq % 1_000_000);
        var seller = sellers.find(invoice.sellerId()).orElseThrow();
        CanonicalInvoice.Party buyer = invoice.document().hasBusinessBuyer() ? invoice.document().getBuyer() : null;
        List<AllowanceData.Item> items = lines.stream().map(l -> new AllowanceData.Item(invoiceDate(invoice),
                invoice.invoiceNumber(), l.originalSequenceNumber(), l.description(), l.quantity(), l.unit(), l.unitPrice(),
                l.amount(), l.tax(), l.taxType() == null ? "1" : l.taxType())).toList();
        var data = new AllowanceData(number, now.toLocalDate(),
                new CanonicalInvoice.Party(seller.id(), seller.name(), null, null, seller.address()), buyer, items);
        String xml;
        try {
            xml = exchanged ? writer.exchangeAllowance(data) : writer.allowance(data);
        } catch (IllegalArgumentException e) {
            throw new Refused("the allowance cannot be written: " + e.getMessage());
        }
        jdbc.sql("""
                        INSERT INTO allowance (id, seller_id, allowance_number, invoice_id, allowance_date, amount, tax, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), invoice.sellerId(), number, invoice.id(), now.toLocalDate(), amount, tax, actor)
                .update();
        InvoiceMessage m = exchanged ? storeExchanged(invoice, MigMessage.B0101, number, now, xml, actor, null)
                : store(invoice, MigMessage.G0401, number, now, xml, actor, null);
        return new AllowanceMade(m.id(), number, amount, tax, m.messageType());
    }

    /** G0501 for an allowance of this invoice. */
    @Transactional
    public InvoiceMessage cancelAllowance(StoredInvoice invoice, String allowanceNumber, String reason, String actor) {
        var row = jdbc.sql("SELECT allowance_date, cancelled FROM allowance WHERE invoice_id = ? AND allowance_number = ?")
                .params(invoice.id(), allowanceNumber)
                .query((rs, n) -> new Object[]{rs.getObject(1, LocalDate.class), rs.getBoolean(2)}).optional()
                .orElseThrow(() -> new Refused("invoice " + invoice.invoiceNumber() + " has no allowance " + allowanceNumber));
        if ((Boolean) row[1]) {
            throw new Refused("allowance " + allowanceNumber + " is already cancelled");
        }
        OffsetDateTime now = now();
        var data = new CancelAllowanceData(allowanceNumber, "2", (LocalDate) row[0],
                buyerId(invoice), invoice.sellerId(), now.toLocalDate(), now.toLocalTime(), reason, null);
        jdbc.sql("UPDATE allowance SET cancelled = true WHERE invoice_id = ? AND allowance_number = ?")
                .params(invoice.id(), allowanceNumber).update();
        return exchanged(invoice)
                ? storeExchanged(invoice, MigMessage.B0201, allowanceNumber, now, writer.exchangeCancelAllowance(data), actor, null)
                : store(invoice, MigMessage.G0501, allowanceNumber, now, writer.cancelAllowance(data), actor, null);
    }

    /**
     * Holds the message to its schema, seals it and stores it for Turnkey. {@code at} is the message's own date
     * (the invoice date of a re-issued F0401, else the cancel, void or allowance date), which Turnkey files it under.
     */
    private InvoiceMessage store(StoredInvoice invoice, MigMessage type, String reference, OffsetDateTime at, String xml,
                                 String actor, String note) {
        List<MigSchema.Problem> problems = schema.validate(type, xml);
        if (!problems.isEmpty()) {
            throw new Refused(type + " for " + reference + " does not pass its schema: " + problems);
        }
        LocalDate date = at.atZoneSameInstant(RuleSettings.TAIPEI).toLocalDate();
        InvoiceMessage m = messages.add(new OutboundMessage(invoice.id(), type.name(), invoice.sellerId(), reference,
                        date.format(DateTimeFormatter.BASIC_ISO_DATE), type.identifier(reference, date),
                        type.fileName(invoice.sellerId(), reference, at), xml),
                archive.seal(invoice.sellerId(), xml.getBytes(StandardCharsets.UTF_8)));
        if (note != null) {
            invoices.note(invoice.id(), actor, note);
        }
        return m;
    }

    /**
     * The exchange's counterpart of {@link #store}: the same message row (so the transmit stage hands it to Turnkey's
     * B2BEXCHANGE folder as it did the A0101) and, in this transaction, the exchange's outbox row awaiting the buyer.
     */
    private InvoiceMessage storeExchanged(StoredInvoice invoice, MigMessage type, String reference, OffsetDateTime at,
                                         String xml, String actor, String note) {
        InvoiceMessage m = store(invoice, type, reference, at, xml, actor, note);
        try {
            exchange.recordAdjustment(type, xml);
        } catch (Exchange.Refused e) {
            throw new Refused(e.getMessage());
        }
        return m;
    }

    /** Whether the invoice went to its buyer through the B2B exchange (A0101) rather than to storage. */
    private boolean exchanged(StoredInvoice invoice) {
        return messages.forInvoice(invoice.id()).stream().anyMatch(m -> MigMessage.A0101.name().equals(m.messageType()));
    }

    /**
     * An invoice issued through the B2B exchange is not in the platform's storage, so an F0701 or a second F0401
     * about it would be refused there, and the exchange has no void or re-issue under the same number (only A0201
     * cancel, B0101 allowance, B0201 allowance cancel).
     */
    private void requireStorage(StoredInvoice invoice, String what) {
        if (exchanged(invoice)) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " was issued through the B2B exchange (A0101); "
                    + "it cannot be " + what + ": the exchange has no such message (cancel it with A0201 and issue "
                    + "a new invoice, or give an allowance)");
        }
    }

    private static void requireConfirmed(StoredInvoice invoice, String what) {
        if (invoice.status() != InvoiceStatus.CONFIRMED) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " is " + invoice.status() + "; it can be " + what
                    + " once the platform has confirmed it");
        }
    }

    private static LocalDate invoiceDate(StoredInvoice invoice) {
        return invoice.document().getIssuedAt().atZoneSameInstant(RuleSettings.TAIPEI).toLocalDate();
    }

    private static String buyerId(StoredInvoice invoice) {
        return invoice.document().hasBusinessBuyer() ? invoice.document().getBuyer().id() : null;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(RuleSettings.TAIPEI)).truncatedTo(ChronoUnit.SECONDS);
    }
}
