package tw.einvoice.hub.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.mig.MigSchema;
import tw.einvoice.hub.numbering.NumberRanges;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.transmit.TurnkeyDatabase;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turnkey and the MOF platform in one, for the embedded default and the tests: takes each file from
 * UpCast, checks it as the platform would (schema, signature, assigned number, duplicates, dates,
 * amounts) and records the verdict in Turnkey's own tables, with Turnkey's status codes.
 */
public class TurnkeySimulator {

    private static final Logger log = LoggerFactory.getLogger(TurnkeySimulator.class);
    private static final DateTimeFormatter DTS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** Lets a test or a demo ask for a rejection: {@code #REJECT:E0501} in MainRemark. */
    private static final Pattern REJECT_MARKER = Pattern.compile("#REJECT:(E\\d{4})");

    private final SimulatorSettings settings;
    private final JdbcClient turnkey;
    private final MigSchema schema;
    private final NumberRanges ranges;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final Random random = new Random();
    private long lastEventMillis;

    TurnkeySimulator(SimulatorSettings settings, TurnkeyDatabase turnkey, MigSchema schema,
                     NumberRanges ranges, Clock clock) {
        this.settings = settings;
        this.turnkey = turnkey.jdbc();
        this.schema = schema;
        this.ranges = ranges;
        this.clock = clock;
        this.tx = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(turnkey.dataSource()));
    }

    /** What the platform made of one file: where it goes (BAK or ERR) and the verdict. */
    record Outcome(String folder, Verdict verdict, String identifier) {
    }

    /** Processes one UpCast file of the given message type, in one transaction of Turnkey's database. */
    public Outcome receive(String messageType, String fileName, byte[] xml) {
        return tx.execute(status -> receiveInTransaction(messageType, fileName, xml));
    }

    private Outcome receiveInTransaction(String messageType, String fileName, byte[] xml) {
        String seqNo = String.format("%08d", turnkey.sql("SELECT nextval('sim_seqno')").query(Long.class).single() % 100_000_000L);
        String uuid = UUID.randomUUID().toString();
        Checked checked = check(messageType, xml);
        String dts = now().format(DTS);
        turnkey.sql("""
                        INSERT INTO turnkey_message_log (seqno, subseqno, uuid, message_type, category_type, process_type,
                            from_party_id, to_party_id, message_dts, character_count, status, in_out_bound, invoice_identifier)
                        VALUES (?, '00001', ?, ?, ?, ?, ?, ?, ?, ?, 'P', 'O', ?)""")
                .params(seqNo, uuid, messageType, category(messageType), process(messageType), checked.sellerId(),
                        checked.buyerId(), dts, String.valueOf(xml.length), checked.identifier())
                .update();
        turnkey.sql("""
                        INSERT INTO turnkey_message_log_detail (seqno, subseqno, process_dts, task, status, filename, uuid)
                        VALUES (?, '00001', ?, 'UpCast', 'C', ?, ?)""")
                .params(seqNo, dts, fileName, uuid).update();
        Verdict verdict = checked.verdict();
        if (verdict.ok() && "F0701".equals(messageType)) {
            // a voided invoice may be issued again under its number
            turnkey.sql("DELETE FROM sim_document WHERE seller_id = ? AND message_type = 'F0401' AND reference = ?")
                    .params(checked.sellerId(), checked.reference()).update();
        }
        if (verdict.ok() && checked.reference() != null) {
            turnkey.sql("""
                            INSERT INTO sim_document (seller_id, message_type, reference, doc_date, seqno)
                            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(checked.sellerId(), messageType, checked.reference(), checked.date(), seqNo).update();
        }
        if (settings.processingDelay().isZero()) {
            finish(seqNo, verdict);
        } else {
            turnkey.sql("INSERT INTO sim_pending (seqno, verdict, errorcode, code, message, due_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(seqNo, verdict.status(), verdict.errorCode(), verdict.code(), cut(verdict.message()),
                            OffsetDateTime.now(clock).plus(settings.processingDelay()))
                    .update();
        }
        log.info("Platform {} {} {} → {}{}", messageType, checked.identifier(), fileName, verdict.status(),
                verdict.ok() ? "" : " " + verdict.code() + " " + verdict.message());
        // Turnkey keeps files that fail its own checks in ERR and uploads nothing
        boolean local = "-004".equals(verdict.errorCode()) || "-007".equals(verdict.errorCode());
        return new Outcome(local ? "ERR" : "BAK", verdict, checked.identifier());
    }

    /** Gives the verdicts whose processing delay has passed. */
    public int finishDue() {
        Integer n = tx.execute(status -> finishDueInTransaction());
        return n == null ? 0 : n;
    }

    private int finishDueInTransaction() {
        List<Object[]> due = turnkey.sql("""
                        SELECT seqno, verdict, errorcode, code, message FROM sim_pending WHERE due_at <= ? ORDER BY seqno""")
                .param(OffsetDateTime.now(clock))
                .query((rs, n) -> new Object[]{rs.getString(1), new Verdict(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))})
                .list();
        for (Object[] d : due) {
            finish((String) d[0], (Verdict) d[1]);
            turnkey.sql("DELETE FROM sim_pending WHERE seqno = ?").param(d[0]).update();
        }
        return due.size();
    }

    private void finish(String seqNo, Verdict verdict) {
        turnkey.sql("UPDATE turnkey_message_log SET status = ? WHERE seqno = ? AND subseqno = '00001'")
                .params(verdict.status(), seqNo).update();
        if (!verdict.ok()) {
            turnkey.sql("""
                            INSERT INTO turnkey_sysevent_log (eventdts, party_id, seqno, subseqno, errorcode, message1, message2)
                            VALUES (?, (SELECT from_party_id FROM turnkey_message_log WHERE seqno = ? AND subseqno = '00001'),
                                ?, '00001', ?, ?, ?)""")
                    .params(nextEventDts(), seqNo, seqNo, verdict.errorCode(), verdict.code(), cut(verdict.message()))
                    .update();
        }
    }

    /** EVENTDTS is the key; like Turnkey, consecutive events take consecutive milliseconds. */
    private synchronized String nextEventDts() {
        long millis = Math.max(clock.millis(), lastEventMillis + 1);
        lastEventMillis = millis;
        return LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), RuleSettings.TAIPEI).format(DTS);
    }

    record Checked(Verdict verdict, String identifier, String sellerId, String buyerId, String reference, String date) {
    }

    private Checked check(String messageType, byte[] bytes) {
        MigMessage type;
        try {
            type = MigMessage.valueOf(messageType);
        } catch (IllegalArgumentException e) {
            return new Checked(Verdict.format("unknown message type " + messageType), messageType, null, null, null, null);
        }
        PlatformDocument doc;
        try {
            doc = PlatformDocument.parse(bytes);
        } catch (IllegalArgumentException e) {
            return new Checked(Verdict.format(e.getMessage()), messageType, null, null, null, null);
        }
        Fields f = fields(type, doc);
        String xml = new String(bytes, StandardCharsets.UTF_8);
        List<MigSchema.Problem> problems = schema.validate(type, xml);
        if (!problems.isEmpty()) {
            return f.with(Verdict.format(problems.get(0).toString()));
        }
        Verdict content = content(type, doc, f);
        if (!content.ok()) {
            return f.with(content);
        }
        Matcher marker = REJECT_MARKER.matcher(String.valueOf(doc.text("Main", "MainRemark")));
        if (marker.find()) {
            return f.with(Verdict.content(marker.group(1), "模擬退件 simulated rejection"));
        }
        if (settings.rejectRate() > 0 && random.nextDouble() < settings.rejectRate()) {
            String code = settings.rejectCodes().get(random.nextInt(settings.rejectCodes().size()));
            return f.with(Verdict.content(code, "模擬退件 simulated rejection"));
        }
        return f.with(Verdict.confirmed());
    }

    /** The parts of a message Turnkey files it under; the identifier matches Turnkey's INVOICE_IDENTIFIER. */
    record Fields(String sellerId, String buyerId, String reference, String date, String identifier) {
        Checked with(Verdict v) {
            return new Checked(v, identifier, sellerId, buyerId, reference, date);
        }
    }

    private static Fields fields(MigMessage type, PlatformDocument doc) {
        return switch (type) {
            case F0401 -> fields(type, doc.text("Main", "Seller", "Identifier"), doc.text("Main", "Buyer", "Identifier"),
                    doc.text("Main", "InvoiceNumber"), doc.text("Main", "InvoiceDate"));
            case F0501 -> fields(type, doc.text("SellerId"), doc.text("BuyerId"), doc.text("CancelInvoiceNumber"), doc.text("CancelDate"));
            case F0701 -> fields(type, doc.text("SellerId"), doc.text("BuyerId"), doc.text("VoidInvoiceNumber"), doc.text("VoidDate"));
            case G0401 -> fields(type, doc.text("Main", "Seller", "Identifier"), doc.text("Main", "Buyer", "Identifier"),
                    doc.text("Main", "AllowanceNumber"), doc.text("Main", "AllowanceDate"));
            case G0501 -> fields(type, doc.text("SellerId"), doc.text("BuyerId"), doc.text("CancelAllowanceNumber"), doc.text("CancelDate"));
            case E0401 -> new Fields(doc.text("Main", "HeadBan"), doc.text("Main", "BranchBan"),
                    doc.text("Main", "InvoiceTrack") + doc.text("Main", "InvoiceBeginNo"), doc.text("Main", "YearMonth"),
                    doc.text("Main", "BranchBan") + "-" + doc.text("Main", "InvoiceTrack") + doc.text("Main", "InvoiceBeginNo")
                            + "-" + doc.text("Main", "InvoiceEndNo"));
            case E0402 -> new Fields(doc.text("Main", "HeadBan"), doc.text("Main", "BranchBan"),
                    doc.text("Main", "InvoiceTrack") + doc.text("Main", "BranchBan"), doc.text("Main", "YearMonth"),
                    doc.text("Main", "BranchBan") + "-" + doc.text("Main", "InvoiceTrack") + doc.text("Main", "InvoiceType"));
        };
    }

    private static Fields fields(MigMessage type, String seller, String buyer, String reference, String date) {
        return new Fields(seller, buyer, reference, date, type.name() + reference + date);
    }

    private Verdict content(MigMessage type, PlatformDocument doc, Fields f) {
        LocalDate today = LocalDate.now(clock.withZone(RuleSettings.TAIPEI));
        LocalDate date;
        try {
            date = f.date() == null || type == MigMessage.E0401 || type == MigMessage.E0402 ? today : LocalDate.parse(f.date(), YMD);
        } catch (DateTimeParseException e) {
            return Verdict.content("E0305", "日期格式錯誤 bad date " + f.date());
        }
        if (date.isAfter(today)) {
            return Verdict.content("E0305", "日期晚於今日 date " + f.date() + " is in the future");
        }
        return switch (type) {
            case F0401 -> invoice(doc, f, date);
            case F0501, F0701 -> {
                String original = f.reference();
                yield known(f.sellerId(), "F0401", original) ? Verdict.confirmed()
                        : Verdict.content("E0305", "發票不存在 invoice " + original + " is unknown to the platform");
            }
            case G0401 -> {
                String original = doc.text("Details", "ProductItem", "OriginalInvoiceNumber");
                yield known(f.sellerId(), "F0401", original) ? Verdict.confirmed()
                        : Verdict.content("E0305", "原發票不存在 original invoice " + original + " is unknown");
            }
            case G0501 -> known(f.sellerId(), "G0401", f.reference()) ? Verdict.confirmed()
                    : Verdict.content("E0305", "折讓單不存在 allowance " + f.reference() + " is unknown");
            case E0401, E0402 -> Verdict.confirmed();
        };
    }

    private Verdict invoice(PlatformDocument doc, Fields f, LocalDate date) {
        if (known(f.sellerId(), "F0401", f.reference())) {
            return Verdict.content("E0305", "訊息重複 invoice " + f.reference() + " was uploaded before");
        }
        if (!ranges.covers(f.sellerId(), TaxPeriod.of(date).code(), f.reference())) {
            return Verdict.content("E0305", "發票號碼非配號區間 " + f.reference() + " is not assigned to " + f.sellerId());
        }
        var sales = doc.amount("Amount", "SalesAmount");
        var free = doc.amount("Amount", "FreeTaxSalesAmount");
        var zero = doc.amount("Amount", "ZeroTaxSalesAmount");
        var tax = doc.amount("Amount", "TaxAmount");
        var total = doc.amount("Amount", "TotalAmount");
        if (sales.add(free).add(zero).add(tax).compareTo(total) != 0) {
            return Verdict.content("E0305", "金額不符 total " + total + " ≠ " + sales + "+" + free + "+" + zero + "+" + tax);
        }
        if (doc.count("Details", "ProductItem") == 0) {
            return Verdict.content("E0503", "欄位不應空白 no ProductItem");
        }
        return Verdict.confirmed();
    }

    private boolean known(String sellerId, String messageType, String reference) {
        return reference != null && turnkey.sql("""
                        SELECT count(*) FROM sim_document WHERE seller_id = ? AND message_type = ? AND reference = ?""")
                .params(sellerId, messageType, reference).query(Long.class).single() > 0;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(RuleSettings.TAIPEI));
    }

    private static String category(String type) {
        return type.startsWith("E") ? "B2P" : "B2S";
    }

    private static String process(String type) {
        return type.startsWith("E") ? "MESSAGE" : "STORAGE";
    }

    private static String cut(String s) {
        return s == null || s.length() <= 100 ? s : s.substring(0, 100);
    }
}
