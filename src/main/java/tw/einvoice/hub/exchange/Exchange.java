package tw.einvoice.hub.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.mig.ExchangeAdjustmentData;
import tw.einvoice.hub.mig.ExchangeAnswerData;
import tw.einvoice.hub.mig.ExchangeInvoiceData;
import tw.einvoice.hub.mig.ExchangeReader;
import tw.einvoice.hub.mig.MigFormatException;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.TurnkeyRules;
import tw.einvoice.hub.notify.FinanceAlerts;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The B2B exchange, both sides. Sales: {@link #send} writes the A0101 into UpCast and the buyer's answer, read from
 * DownCast, settles it. Purchases: {@link #readDownCast} checks each inbound A0101 (schema, Turnkey's rules, addressed
 * to one of our BANs, amounts that add up), stores it once however often it is delivered, and confirms it at once
 * when {@code hub.exchange.auto-confirm} is on and every check passed; otherwise a person confirms or rejects it.
 */
@Service
public class Exchange {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    static final String CHANNEL = "B2BEXCHANGE";
    static final String ACTOR = "exchange";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** The invoice cannot be sent, confirmed or rejected as asked; the message says why. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final ExchangeProperties settings;
    private final ExchangeLedger ledger;
    private final SellerDirectory sellers;
    private final MigWriter writer;
    private final MigSchema schema;
    private final FinanceAlerts alerts;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final InvoiceStore invoices;

    Exchange(ExchangeProperties settings, ExchangeLedger ledger, SellerDirectory sellers, MigWriter writer,
             MigSchema schema, FinanceAlerts alerts, PlatformTransactionManager transactions, Clock clock,
             ApplicationEventPublisher events, InvoiceStore invoices) {
        this.invoices = invoices;
        this.events = events;
        this.settings = settings;
        this.ledger = ledger;
        this.sellers = sellers;
        this.writer = writer;
        this.schema = schema;
        this.alerts = alerts;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Whether invoices to this buyer go through the exchange. */
    public boolean isPartner(String buyerBan) {
        return buyerBan != null && settings.partners().contains(buyerBan.strip());
    }

    // ---- seller side ----

    /**
     * Sends a numbered invoice (invoiceNumber and issuedAt filled) of one of our sellers to a partner as A0101.
     *
     * @throws Refused when the buyer is not registered for exchange, the seller is not ours, the invoice cannot be
     *                 rendered or Turnkey would refuse it, or the number was sent before
     */
    public ExchangeInvoice send(CanonicalInvoice invoice) {
        CanonicalInvoice doc = invoice.copy();
        String buyer = doc.getBuyer() == null ? null : doc.getBuyer().id();
        if (!isPartner(buyer)) {
            throw new Refused("buyer.id: " + buyer + " is not registered for B2B exchange (hub.exchange.partners)");
        }
        if (doc.getIssuedAt() == null) {
            doc.setIssuedAt(OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
        }
        String xml = render(doc);
        ExchangeInvoiceData data = ExchangeReader.invoice(xml);
        UUID id = UUID.randomUUID();
        OffsetDateTime due = OffsetDateTime.now(clock).plus(settings.answerDeadline());
        Boolean added = tx.execute(s -> ledger.add(id, ExchangeInvoice.Direction.SALE, data, ExchangeInvoice.PENDING,
                null, xml, due));
        if (!Boolean.TRUE.equals(added)) {
            throw new Refused("invoiceNumber: " + data.invoiceNumber() + " was sent through the exchange before");
        }
        upcast(MigMessage.A0101, data.sellerId(), data.invoiceNumber(), xml);
        log.info("Exchange: A0101 {} from {} to {} in UpCast", data.invoiceNumber(), data.sellerId(), data.buyerId());
        return ledger.find(id).orElseThrow();
    }

    /**
     * The A0101 of a numbered invoice (number, random code and issue time filled) of one of our sellers, with the
     * seller's registered name and address where it gave none, held to the schema and Turnkey's rules.
     *
     * @throws Refused when the seller is not ours, or the invoice cannot be an A0101 Turnkey would take
     */
    public String render(CanonicalInvoice invoice) {
        CanonicalInvoice doc = invoice.copy();
        Seller seller = sellers.find(doc.getSellerId()).orElseThrow(() ->
                new Refused("sellerId: " + doc.getSellerId() + " is not one of the hub's sellers"));
        var given = doc.getSeller();
        doc.setSeller(new CanonicalInvoice.Party(seller.id(), given != null && hasText(given.name()) ? given.name()
                : seller.name(), given != null ? given.email() : null, given != null ? given.phone() : null,
                given != null && hasText(given.address()) ? given.address() : seller.address()));
        String xml;
        try {
            xml = writer.exchangeInvoice(doc);
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
        List<MigSchema.Problem> problems = schema.validate(MigMessage.A0101, xml);
        if (!problems.isEmpty()) {
            throw new Refused("A0101 fails its schema: " + problems);
        }
        var violations = TurnkeyRules.check(MigMessage.A0101, xml);
        if (!violations.isEmpty()) {
            throw new Refused("Turnkey would refuse the A0101: " + violations);
        }
        return xml;
    }

    /**
     * Puts an A0101 the issue stage made (from {@link #render}) into the outbox, {@code PENDING} until the buyer
     * answers, in the caller's transaction; the issue stage hands the file to Turnkey itself, so that a stop after the
     * commit neither loses nor doubles it. The buyer's answer also settles the ledger invoice of that number.
     *
     * @throws Refused when the seller's number is in the outbox already
     */
    public ExchangeInvoice recordIssued(String a0101) {
        ExchangeInvoiceData data = ExchangeReader.invoice(a0101);
        UUID id = UUID.randomUUID();
        Boolean added = tx.execute(s -> ledger.add(id, ExchangeInvoice.Direction.SALE, data, ExchangeInvoice.PENDING,
                null, a0101, OffsetDateTime.now(clock).plus(settings.answerDeadline())));
        if (!Boolean.TRUE.equals(added)) {
            throw new Refused("invoiceNumber: " + data.invoiceNumber() + " was sent through the exchange before");
        }
        return ledger.find(id).orElseThrow();
    }

    /**
     * Puts a cancel (A0201), allowance (B0101) or allowance cancel (B0201) of an invoice the hub issued as A0101 into
     * the outbox, {@code PENDING} until the buyer answers (A0202, B0102, B0202), in the caller's transaction; the caller
     * stores the message for the transmit stage, which hands it to Turnkey as it handed the A0101.
     *
     * @throws Refused when Turnkey's rules would refuse it, the invoice was not exchanged, or it is in the outbox already
     */
    public void recordAdjustment(MigMessage type, String xml) {
        var violations = TurnkeyRules.check(type, xml);
        if (!violations.isEmpty()) {
            throw new Refused("Turnkey would refuse the " + type + ": " + violations);
        }
        ExchangeAdjustmentData data = ExchangeReader.adjustment(type, xml);
        String invoiceNumber = invoiceOf(ExchangeInvoice.Direction.SALE, data);
        if (invoiceNumber == null || ledger.find(ExchangeInvoice.Direction.SALE, data.sellerId(), invoiceNumber).isEmpty()) {
            throw new Refused(type + " " + data.reference() + ": seller " + data.sellerId()
                    + " sent no such invoice through the exchange");
        }
        Boolean added = tx.execute(s -> ledger.addAdjustment(UUID.randomUUID(), ExchangeInvoice.Direction.SALE, data,
                invoiceNumber, ExchangeInvoice.PENDING, data.reason(), xml,
                OffsetDateTime.now(clock).plus(settings.answerDeadline())));
        if (!Boolean.TRUE.equals(added)) {
            throw new Refused(type + " " + data.reference() + " was sent through the exchange before");
        }
    }

    /** The invoice an adjustment is about: its own for A0201/B0101, the allowance's for B0201. */
    private String invoiceOf(ExchangeInvoice.Direction direction, ExchangeAdjustmentData data) {
        if (data.type() != MigMessage.B0201) {
            return data.invoiceNumber();
        }
        return ledger.adjustment(direction, MigMessage.B0101.name(), data.sellerId(), data.reference())
                .map(ExchangeLedger.Adjustment::invoiceNumber).orElse(null);
    }

    /** What the exchange holds about the cancel and allowances of one exchanged invoice, oldest first. */
    public List<ExchangeAdjustment> adjustments(ExchangeInvoice.Direction direction, String sellerId,
                                                String invoiceNumber) {
        return ledger.adjustments(direction, sellerId, invoiceNumber).stream()
                .map(a -> new ExchangeAdjustment(a.id(), a.messageType(), a.reference(), a.invoiceNumber(), a.status(),
                        a.answerType(), a.answerDue(), a.cancelled())).toList();
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    // ---- buyer side ----

    /** Confirms a pending purchase (A0102 to the seller). */
    public ExchangeInvoice confirm(UUID id, String actor) {
        return answerPurchase(id, MigMessage.A0102, null, actor);
    }

    /** Rejects a pending purchase with a reason of 1–20 characters (A0301 to the seller). */
    public ExchangeInvoice reject(UUID id, String reason, String actor) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty() || r.codePointCount(0, r.length()) > 20) {
            throw new Refused("reason: 1 to 20 characters are required (A0301 RejectReason)");
        }
        return answerPurchase(id, MigMessage.A0301, r, actor);
    }

    public Optional<ExchangeInvoice> find(UUID id) {
        return ledger.find(id);
    }

    /** The invoices of one direction, newest first; {@code bans} null for all of ours. */
    public List<ExchangeInvoice> list(ExchangeInvoice.Direction direction, String status, List<String> bans, int limit) {
        return ledger.list(direction, status, bans, Math.max(1, Math.min(limit, 1000)));
    }

    /** The A0101 exactly as sent or received. */
    public String originalXml(UUID id) {
        return ledger.xml(id);
    }

    /** An A4 PDF of the invoice as received or sent, with its exchange status. */
    public byte[] pdf(UUID id) {
        ExchangeInvoice invoice = ledger.find(id).orElseThrow(() -> new Refused("no exchanged invoice " + id));
        return PurchasePdf.render(ExchangeReader.invoice(ledger.xml(id)), invoice.status(), invoice.reason());
    }

    public List<ExchangeRefusal> refusals(int limit) {
        return ledger.refusals(Math.max(1, Math.min(limit, 1000)));
    }

    /** What one read of DownCast did. */
    public record ReadResult(int stored, int duplicates, int answers, int refused) {
    }

    /**
     * Reads every file waiting in {@code DownCast/B2BEXCHANGE/<MSG>/SRC}, oldest first, and moves each to
     * {@code BAK/<yyyyMMdd>/} when handled or {@code ERR/<yyyyMMdd>/} when refused. A file is moved only after what
     * it caused was committed, so a stop in between reads it again, and the second reading changes nothing.
     */
    public synchronized ReadResult readDownCast() {
        for (UUID id : ledger.answersToWrite()) {
            writeAnswer(id);
        }
        for (UUID id : ledger.adjustmentAnswersToWrite()) {
            writeAdjustmentAnswer(id);
        }
        int[] counts = new int[4];
        for (Path file : waiting()) {
            String outcome = take(file);
            switch (outcome) {
                case "stored" -> counts[0]++;
                case "duplicate" -> counts[1]++;
                case "answer" -> counts[2]++;
                default -> counts[3]++;
            }
            move(file, "refused".equals(outcome) ? "ERR" : "BAK");
        }
        return new ReadResult(counts[0], counts[1], counts[2], counts[3]);
    }

    /** Raises one finance alert for each sale the buyer has not answered by {@code asOf}; returns how many now. */
    public int alertOverdue(OffsetDateTime asOf) {
        Integer n = tx.execute(s -> {
            List<ExchangeInvoice> overdue = ledger.claimOverdue(asOf);
            for (ExchangeInvoice i : overdue) {
                alerts.exchangeUnanswered(i.invoiceNumber(), i.sellerId(), i.buyerId(), i.answerDue());
            }
            List<ExchangeLedger.Adjustment> adjustments = ledger.claimOverdueAdjustments(asOf);
            for (ExchangeLedger.Adjustment a : adjustments) {
                alerts.exchangeUnanswered(a.invoiceNumber(), a.sellerId(), a.buyerId(), a.answerDue());
            }
            return overdue.size() + adjustments.size();
        });
        return n == null ? 0 : n;
    }

    private String take(Path file) {
        String name = file.getFileName().toString();
        String xml;
        try {
            xml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("DownCast file " + file + " cannot be read", e);
        }
        List<MigSchema.Problem> problems = schema.validate(xml);
        Optional<MigMessage> type = MigSchema.messageOf(xml);
        if (!problems.isEmpty()) {
            return refuse(name, type.orElse(null), "fails its schema: " + problems, xml);
        }
        if (type.isEmpty() || !type.get().exchange()) {
            return refuse(name, type.orElse(null), "not a B2B exchange message", xml);
        }
        var violations = TurnkeyRules.check(type.get(), xml);
        if (!violations.isEmpty()) {
            return refuse(name, type.get(), "Turnkey's rules refuse it: " + violations, xml);
        }
        try {
            return switch (type.get()) {
                case A0101 -> received(name, xml);
                case A0102, A0301 -> answered(name, ExchangeReader.answer(type.get(), xml), xml);
                case A0201, B0101, B0201 -> adjustmentReceived(name, ExchangeReader.adjustment(type.get(), xml), xml);
                case A0202, B0102, B0202 -> adjustmentAnswered(name, ExchangeReader.adjustment(type.get(), xml), xml);
                // the seller's acknowledgement of our rejection: nothing changes here
                case A0302 -> {
                    log.info("Exchange: {} {} noted", type.get(), name);
                    yield "answer";
                }
                default -> refuse(name, type.get(), "not a B2B exchange message", xml);
            };
        } catch (MigFormatException e) {
            return refuse(name, type.get(), e.getMessage(), xml);
        }
    }

    private String received(String name, String xml) {
        ExchangeInvoiceData data = ExchangeReader.invoice(xml);
        if (sellers.find(data.buyerId()).isEmpty()) {
            return refuse(name, MigMessage.A0101, "Buyer/Identifier " + data.buyerId()
                    + " is not one of our BANs: the message is addressed to another business", xml);
        }
        String problem = disagreement(data);
        boolean automatic = settings.autoConfirm() && problem == null;
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Boolean stored = tx.execute(s -> {
            if (!ledger.add(id, ExchangeInvoice.Direction.PURCHASE, data, ExchangeInvoice.PENDING,
                    problem != null ? "needs a person: " + problem : automatic ? null : "needs a person: auto-confirm is off",
                    xml, now.plus(settings.answerDeadline()))) {
                return false;
            }
            if (automatic) {
                ledger.answer(id, ExchangeInvoice.CONFIRMED, null, MigMessage.A0102.name(),
                        answerXml(ledger.find(id).orElseThrow(), MigMessage.A0102, null), ACTOR, now);
            }
            changed(id);
            return true;
        });
        if (!Boolean.TRUE.equals(stored)) {
            log.info("Exchange: A0101 {} from {} delivered again ({}): stored once", data.invoiceNumber(),
                    data.sellerId(), name);
            ledger.find(ExchangeInvoice.Direction.PURCHASE, data.sellerId(), data.invoiceNumber())
                    .ifPresent(i -> writeAnswer(i.id()));
            return "duplicate";
        }
        writeAnswer(id);
        log.info("Exchange: A0101 {} from {} to {} stored{}", data.invoiceNumber(), data.sellerId(), data.buyerId(),
                automatic ? " and confirmed" : problem != null ? ", waits for a person: " + problem : ", waits for a person");
        return "stored";
    }

    private static MigMessage answerTo(MigMessage type) {
        return switch (type) {
            case A0201 -> MigMessage.A0202;
            case B0101 -> MigMessage.B0102;
            case B0201 -> MigMessage.B0202;
            default -> throw new IllegalArgumentException(type + " is not answered as an adjustment");
        };
    }

    private static MigMessage answered(MigMessage answer) {
        return switch (answer) {
            case A0202 -> MigMessage.A0201;
            case B0102 -> MigMessage.B0101;
            case B0202 -> MigMessage.B0201;
            default -> throw new IllegalArgumentException(answer + " answers no adjustment");
        };
    }

    /**
     * A seller cancels a purchase invoice we received (A0201), gives us an allowance on one (B0101) or cancels that
     * allowance (B0201). Stored once however often delivered; with {@code hub.exchange.auto-confirm} answered at once
     * (A0202, B0102, B0202) and then in effect: the purchase CANCELLED, the allowance kept or cancelled.
     */
    private String adjustmentReceived(String name, ExchangeAdjustmentData data, String xml) {
        if (sellers.find(data.buyerId()).isEmpty()) {
            return refuse(name, data.type(), "BuyerId " + data.buyerId()
                    + " is not one of our BANs: the message is addressed to another business", xml);
        }
        String invoiceNumber = invoiceOf(ExchangeInvoice.Direction.PURCHASE, data);
        Optional<ExchangeInvoice> purchase = invoiceNumber == null ? Optional.empty()
                : ledger.find(ExchangeInvoice.Direction.PURCHASE, data.sellerId(), invoiceNumber);
        if (purchase.isEmpty() || !purchase.get().buyerId().equals(data.buyerId())) {
            return refuse(name, data.type(), data.type() == MigMessage.B0201
                    ? "cancels allowance " + data.reference() + " of seller " + data.sellerId() + ", which we never received"
                    : "is about invoice " + invoiceNumber + " of seller " + data.sellerId() + " to " + data.buyerId()
                    + ", which we never received through the exchange", xml);
        }
        boolean automatic = settings.autoConfirm();
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Boolean stored = tx.execute(s -> {
            if (!ledger.addAdjustment(id, ExchangeInvoice.Direction.PURCHASE, data, invoiceNumber,
                    ExchangeInvoice.PENDING, automatic ? data.reason() : "needs a person: auto-confirm is off", xml,
                    now.plus(settings.answerDeadline()))) {
                return false;
            }
            if (automatic) {
                MigMessage answer = answerTo(data.type());
                ledger.answerAdjustment(id, answer.name(), adjustmentAnswerXml(data, answer), ACTOR, now);
                settleAdjustment(ExchangeInvoice.Direction.PURCHASE, data, invoiceNumber);
                if (data.type() == MigMessage.A0201) {
                    changed(purchase.get().id());
                }
            }
            return true;
        });
        if (!Boolean.TRUE.equals(stored)) {
            log.info("Exchange: {} {} from {} delivered again ({}): stored once", data.type(), data.reference(),
                    data.sellerId(), name);
            ledger.adjustment(ExchangeInvoice.Direction.PURCHASE, data.type().name(), data.sellerId(), data.reference())
                    .ifPresent(a -> writeAdjustmentAnswer(a.id()));
            return "duplicate";
        }
        writeAdjustmentAnswer(id);
        log.info("Exchange: {} {} from {} about invoice {} stored{}", data.type(), data.reference(), data.sellerId(),
                invoiceNumber, automatic ? " and answered" : ", waits for a person");
        return "stored";
    }

    /** What an answered adjustment does to the exchanged invoice, on either side, in the caller's transaction. */
    private void settleAdjustment(ExchangeInvoice.Direction direction, ExchangeAdjustmentData data, String invoiceNumber) {
        switch (data.type()) {
            case A0201, A0202 -> ledger.invoiceCancelled(direction, data.sellerId(), invoiceNumber,
                    data.reason() != null ? data.reason() : "cancelled through the exchange (A0201)");
            case B0201, B0202 -> ledger.allowanceCancelled(direction, data.sellerId(), data.reference());
            default -> {
            }
        }
    }

    /**
     * The buyer's answer to a cancel or allowance we sent. A0202 is the exchange's counterpart of the platform's C for
     * an F0501: the ledger invoice becomes CANCELLED then, not when the A0201 was asked for.
     */
    private String adjustmentAnswered(String name, ExchangeAdjustmentData answer, String xml) {
        MigMessage original = answered(answer.type());
        Optional<ExchangeLedger.Adjustment> sent = ledger.adjustment(ExchangeInvoice.Direction.SALE, original.name(),
                answer.sellerId(), answer.reference());
        if (sent.isEmpty()) {
            return refuse(name, answer.type(), "answers " + original + " " + answer.reference() + " of seller "
                    + answer.sellerId() + ", which the hub never sent through the exchange", xml);
        }
        if (!sent.get().buyerId().equals(answer.buyerId())) {
            return refuse(name, answer.type(), "BuyerId " + answer.buyerId() + " is not " + original + " "
                    + answer.reference() + "'s buyer " + sent.get().buyerId(), xml);
        }
        String actor = "buyer " + answer.buyerId();
        boolean changed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!ledger.answerAdjustment(sent.get().id(), answer.type().name(), xml, actor, OffsetDateTime.now(clock))) {
                return false;
            }
            settleAdjustment(ExchangeInvoice.Direction.SALE, answer, sent.get().invoiceNumber());
            if (answer.type() == MigMessage.A0202) {
                cancelIssued(sent.get().sellerId(), sent.get().invoiceNumber(), actor);
            }
            return true;
        }));
        log.info("Exchange: buyer {} confirmed {} {}{}", answer.buyerId(), original, answer.reference(),
                changed ? "" : " (already answered)");
        return "answer";
    }

    private void cancelIssued(String sellerId, String number, String actor) {
        invoices.findByNumber(number, List.of(sellerId)).ifPresent(invoice -> {
            if (invoice.status() != InvoiceStatus.CONFIRMED) {
                log.warn("Exchange: A0202 of invoice {} arrived while it is {}; the ledger invoice is left as it is",
                        number, invoice.status());
                return;
            }
            invoices.transition(invoice.id(), invoice.status(), InvoiceStatus.CANCELLED, ACTOR,
                    "cancel confirmed by " + actor + " through the exchange (A0202)", null);
        });
    }

    private String adjustmentAnswerXml(ExchangeAdjustmentData data, MigMessage type) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(MigWriter.TAIWAN)).truncatedTo(ChronoUnit.SECONDS);
        String xml = writer.exchangeAnswer(new ExchangeAnswerData(type, data.reference(), data.referenceDate(),
                data.buyerId(), data.sellerId(), now.toLocalDate(), now.toLocalTime(), null, null));
        return schema.check(type, xml);
    }

    private void writeAdjustmentAnswer(UUID id) {
        ledger.unwrittenAdjustmentAnswer(id).ifPresent(a -> {
            upcast(MigMessage.valueOf(a.type()), a.sellerId(), a.invoiceNumber(), a.xml());
            ledger.adjustmentAnswerWritten(id);
        });
    }

    /** Why a received invoice should not be confirmed without a person looking, or null. */
    private static String disagreement(ExchangeInvoiceData data) {
        if (data.totalAmount() == null || data.salesAmount() == null) {
            return "Amount/SalesAmount and Amount/TotalAmount are required";
        }
        BigDecimal tax = data.taxAmount() == null ? BigDecimal.ZERO : data.taxAmount();
        if (data.salesAmount().add(tax).compareTo(data.totalAmount()) != 0) {
            return "Amount/TotalAmount " + data.totalAmount().toPlainString() + " is not SalesAmount "
                    + data.salesAmount().toPlainString() + " + TaxAmount " + tax.toPlainString();
        }
        BigDecimal items = data.items().stream().map(i -> i.amount() == null ? BigDecimal.ZERO : i.amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        if (items.compareTo(data.salesAmount()) != 0) {
            return "the items add up to " + items.toPlainString() + ", not SalesAmount " + data.salesAmount().toPlainString();
        }
        return null;
    }

    private String answered(String name, ExchangeAnswerData answer, String xml) {
        Optional<ExchangeInvoice> sale = ledger.find(ExchangeInvoice.Direction.SALE, answer.sellerId(),
                answer.invoiceNumber());
        if (sale.isEmpty()) {
            return refuse(name, answer.type(), "answers invoice " + answer.invoiceNumber() + " of seller "
                    + answer.sellerId() + ", which the hub never sent through the exchange", xml);
        }
        if (!sale.get().buyerId().equals(answer.buyerId())) {
            return refuse(name, answer.type(), "BuyerId " + answer.buyerId() + " is not invoice "
                    + answer.invoiceNumber() + "'s buyer " + sale.get().buyerId(), xml);
        }
        boolean rejected = answer.type() == MigMessage.A0301;
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean changed = Boolean.TRUE.equals(tx.execute(s -> {
            boolean answered = ledger.answer(sale.get().id(), rejected ? ExchangeInvoice.REJECTED
                    : ExchangeInvoice.CONFIRMED, answer.reason(), answer.type().name(), xml, "buyer " + answer.buyerId(),
                    now);
            if (answered) {
                settleIssued(answer, rejected);
            }
            return answered;
        }));
        if (rejected) {
            // the seller acknowledges a rejection; written again on a second delivery, under the same name
            upcast(MigMessage.A0302, answer.sellerId(), answer.invoiceNumber(), answerXml(sale.get(), MigMessage.A0302, null));
        }
        log.info("Exchange: buyer {} {} invoice {}{}", answer.buyerId(), rejected ? "rejected" : "confirmed",
                answer.invoiceNumber(), changed ? "" : " (already answered)");
        return "answer";
    }

    /**
     * The buyer's answer is the exchange's counterpart of the platform's C or E for an F0401: a sale the issue stage
     * numbered (in the ledger; one sent numbered through the API is not) becomes CONFIRMED, or REJECTED with the
     * buyer's reason, and its source hears of it as of any other invoice.
     */
    private void settleIssued(ExchangeAnswerData answer, boolean rejected) {
        invoices.findByNumber(answer.invoiceNumber(), List.of(answer.sellerId())).ifPresent(invoice -> {
            String actor = "buyer " + answer.buyerId();
            InvoiceStatus from = invoice.status();
            if (from == InvoiceStatus.ISSUED) {
                // the answer can overtake the commit that records the hand-over; the file was in UpCast all the same
                invoices.transition(invoice.id(), from, InvoiceStatus.SENT, ACTOR, "A0101 answered by " + actor
                        + " before its hand-over was recorded", null);
                from = InvoiceStatus.SENT;
            }
            if (from != InvoiceStatus.SENT) {
                log.warn("Exchange: {} of invoice {} arrived while it is {}; the ledger invoice is left as it is",
                        answer.type(), answer.invoiceNumber(), from);
                return;
            }
            // the result first: the status change's event (result callbacks) reads it from the invoice
            // confirmed_by stays empty: it names the platform or the simulator, and the buyer is neither
            invoices.notePlatformResult(invoice.id(), rejected ? answer.type().name() : null,
                    rejected ? answer.reason() : null);
            invoices.transition(invoice.id(), from, rejected ? InvoiceStatus.REJECTED : InvoiceStatus.CONFIRMED, ACTOR,
                    rejected ? "rejected by " + actor + " through the exchange (" + answer.type() + "): " + answer.reason()
                            : "confirmed by " + actor + " through the exchange (" + answer.type() + ")", null);
        });
    }

    private String refuse(String name, MigMessage type, String reason, String xml) {
        log.warn("Exchange: inbound {} {} refused: {}", type == null ? "message" : type, name, reason);
        // PostgreSQL text holds no NUL: a NUL byte failing the insert left the file in SRC and blocked every file after it.
        // The file itself moves to ERR unchanged; the kept copy marks the NUL.
        String kept = xml.replace('\u0000', '\uFFFD');
        tx.executeWithoutResult(s -> ledger.refuse(name, type == null ? null : type.name(), reason, kept));
        return "refused";
    }

    private ExchangeInvoice answerPurchase(UUID id, MigMessage type, String reason, String actor) {
        ExchangeInvoice invoice = ledger.find(id).filter(i -> i.direction() == ExchangeInvoice.Direction.PURCHASE)
                .orElseThrow(() -> new Refused("no purchase invoice " + id));
        Boolean done = tx.execute(s -> {
            boolean answered = ledger.answer(id, type == MigMessage.A0102 ? ExchangeInvoice.CONFIRMED
                    : ExchangeInvoice.REJECTED, reason, type.name(), answerXml(invoice, type, reason), actor,
                    OffsetDateTime.now(clock));
            if (answered) {
                changed(id);
            }
            return answered;
        });
        if (!Boolean.TRUE.equals(done)) {
            throw new Refused("invoice " + invoice.invoiceNumber() + " was answered already (" + invoice.status() + ")");
        }
        writeAnswer(id);
        return ledger.find(id).orElseThrow();
    }

    /** Tells listeners (the ERP's callback) what a purchase is now, inside the caller's transaction. */
    private void changed(UUID id) {
        ExchangeInvoice i = ledger.find(id).orElseThrow();
        events.publishEvent(new PurchaseInvoiceChanged(i.id(), settings.callbackConnector(), i.sellerId(), i.buyerId(),
                i.invoiceNumber(), i.invoiceDate().toString(),
                i.totalAmount() == null ? null : i.totalAmount().toPlainString(), i.status(), i.reason()));
    }

    private String answerXml(ExchangeInvoice invoice, MigMessage type, String reason) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(MigWriter.TAIWAN)).truncatedTo(ChronoUnit.SECONDS);
        String xml = writer.exchangeAnswer(new ExchangeAnswerData(type, invoice.invoiceNumber(), invoice.invoiceDate(),
                invoice.buyerId(), invoice.sellerId(), now.toLocalDate(), now.toLocalTime(), reason, null));
        return schema.check(type, xml);
    }

    private void writeAnswer(UUID id) {
        ledger.unwrittenAnswer(id).ifPresent(a -> {
            upcast(MigMessage.valueOf(a.type()), a.sellerId(), a.invoiceNumber(), a.xml());
            ledger.answerWritten(id);
        });
    }

    /**
     * Into {@code UpCast/B2BEXCHANGE/<MSG>/SRC} under a name fixed by the message, seller and number, written beside
     * SRC and renamed in: written again after a stop, it replaces a copy Turnkey has not taken instead of adding one.
     */
    private void upcast(MigMessage type, String sellerId, String number, String xml) {
        Path src = settings.upcastDir().resolve(CHANNEL).resolve(type.name()).resolve("SRC");
        String name = type.name() + "_" + sellerId + "_" + number + ".xml";
        try {
            Files.createDirectories(src);
            Path part = src.resolveSibling(name + ".part");
            Files.writeString(part, xml, StandardCharsets.UTF_8);
            Files.move(part, src.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(type + " " + name + " could not be written to UpCast " + src, e);
        }
    }

    private List<Path> waiting() {
        Path channel = settings.downcastDir().resolve(CHANNEL);
        if (!Files.isDirectory(channel)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> types = Files.list(channel)) {
            for (Path type : types.toList()) {
                Path src = type.resolve("SRC");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> walk = Files.walk(src)) {
                        walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".part"))
                                .forEach(files::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("DownCast " + channel + " cannot be read", e);
        }
        files.sort(Comparator.comparing(Exchange::modified));
        return files;
    }

    private static java.nio.file.attribute.FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private void move(Path file, String folder) {
        Path typeDir = file.getParent();
        while (!typeDir.getFileName().toString().equals("SRC")) {
            typeDir = typeDir.getParent();
        }
        Path target = typeDir.resolveSibling(folder).resolve(DAY.format(OffsetDateTime.now(clock)));
        try {
            Files.createDirectories(target);
            Path to = target.resolve(file.getFileName());
            for (int n = 1; Files.exists(to); n++) {
                to = target.resolve(file.getFileName() + String.format(".%03d", n));
            }
            Files.move(file, to);
        } catch (IOException e) {
            throw new UncheckedIOException("DownCast file " + file + " could not be moved to " + folder, e);
        }
    }
}
