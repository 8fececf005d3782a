package tw.einvoice.hub.mediafile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mediafile.MediaEntry.Kind;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.rules.Ban;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a seller's media file for a period from the ledger, the numbering's ranges and the given purchases. Plain
 * JDBC on purpose, like {@link NumberUsage}: the CLI ({@code media-file}) builds the same file without Spring.
 */
public final class MediaFiles {

    private static final ZoneId TAIPEI = RuleSettings.TAIPEI;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBER = "[A-Z]{2}\\d{8}";
    /** Statuses of an invoice given out under its number: a sale. */
    private static final List<String> ISSUED = List.of("ISSUED", "SENT", "CONFIRMED", "REJECTED");

    private MediaFiles() {
    }

    /**
     * What the hub's configuration decides about the file.
     *
     * @param taxRegistrationNo 稅籍編號 written into every record; null when not configured (written blank, warned)
     * @param b2cTaxInclusive   a consumer's sale is written with tax included in the sales amount and tax 0, as its
     *                          F0401 is by default ({@code hub.mig.b2c-tax-inclusive}); unconfirmed for the 401
     */
    public record Settings(String taxRegistrationNo, boolean b2cTaxInclusive) {
    }

    /**
     * The media file of {@code sellerId} for {@code period}.
     *
     * @param purchaseSource    where the purchases came from, for the report
     * @param today             Taipei's date: an open period's unused numbers are not yet blank, and the report says so
     */
    public static MediaFile build(JdbcClient jdbc, String sellerId, TaxPeriod period, Settings settings,
                                  List<Purchase> purchases, String purchaseSource, LocalDate today) {
        String taxRegistrationNo = settings.taxRegistrationNo();
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (taxRegistrationNo == null || taxRegistrationNo.isBlank()) {
            taxRegistrationNo = null;
            warnings.add("seller " + sellerId + " tax registration no (3-11): none configured for this seller, written blank "
                    + "(setting hub.media-file.tax-registration-numbers)");
        } else if (!taxRegistrationNo.matches("\\d{9}")) {
            errors.add("seller " + sellerId + " tax registration no (3-11) '" + taxRegistrationNo + "' is not 9 digits");
        }
        if (!period.lastDay().isBefore(today)) {
            warnings.add("period " + period.code() + " has not ended (it ends " + period.lastDay()
                    + "): numbers not used yet are listed as blank");
        }
        List<MediaEntry> entries = new ArrayList<>(purchases(sellerId, purchases, warnings, errors));
        List<MediaEntry> sales = new ArrayList<>(sales(jdbc, sellerId, period, settings.b2cTaxInclusive(), warnings, errors));
        sales.addAll(blanks(jdbc, sellerId, period));
        sales.sort(Comparator.comparing(MediaEntry::track).thenComparing(MediaEntry::number));
        entries.addAll(sales);
        int allowances = allowances(jdbc, sellerId, period);
        if (allowances > 0) {
            warnings.add(allowances + " allowances (折讓) of the period are not in the file: the MOF's layout gives no format "
                    + "code for sales returns and allowances; declare them by hand");
        }
        for (int i = 0; i < entries.size(); i++) {
            MediaFileWriter.record(entries.get(i), i + 1, taxRegistrationNo, errors);
        }
        return new MediaFile(sellerId, period.code(), taxRegistrationNo, List.copyOf(entries),
                report(sellerId, period, entries, purchaseSource, warnings, errors));
    }

    /** Sellers with invoices, ranges or assignments in the period, in BAN order: who a media file can be made for. */
    public static List<String> sellers(JdbcClient jdbc, TaxPeriod period) {
        return jdbc.sql("""
                        SELECT seller_id FROM invoice WHERE issued_at >= ? AND issued_at < ?
                        UNION SELECT seller_id FROM number_range WHERE period = ?
                        UNION SELECT seller_id FROM track_assignment WHERE period = ?
                        ORDER BY 1""")
                .params(start(period), end(period), period.code(), period.code())
                .query(String.class).list();
    }

    private static List<MediaEntry> purchases(String sellerId, List<Purchase> purchases, List<String> warnings,
                                              List<String> errors) {
        List<MediaEntry> entries = new ArrayList<>();
        List<Purchase> sorted = new ArrayList<>(purchases);
        sorted.sort(Comparator.comparing(Purchase::date).thenComparing(Purchase::invoiceNumber,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (Purchase p : sorted) {
            String label = "purchase " + p.invoiceNumber() + " of " + p.date();
            String number = p.invoiceNumber() == null ? "" : p.invoiceNumber().replace("-", "");
            if (!number.matches(NUMBER)) {
                errors.add(label + " invoice number: not two letters and eight digits");
            }
            if (p.kind() == null) {
                errors.add(label + " format code (1-2): no voucher kind, so no format code");
            }
            if (!MediaFileLayout.SALE_TAX_TYPES.contains(p.taxType())) {
                errors.add(label + " tax type (62) '" + p.taxType() + "': a purchase is 1, 2 or 3");
            }
            if (!MediaFileLayout.DEDUCTION_CODES.contains(p.deductionCode())) {
                errors.add(label + " deduction code (73) '" + p.deductionCode() + "': must be 1-4");
            }
            if (!Ban.isValid(p.sellerBan(), p.date())) {
                warnings.add(label + " seller BAN (32-39) '" + p.sellerBan() + "': checksum fails");
            }
            entries.add(new MediaEntry(Kind.PURCHASE, p.kind() == null ? "" : p.kind().formatCode, p.date(), sellerId,
                    p.sellerBan(), track(number), digits(number), p.salesAmount(), p.taxType(), p.taxAmount(),
                    p.deductionCode(), "", "", label));
        }
        return entries;
    }

    private record Row(String number, OffsetDateTime issuedAt, String status, String buyerId, String sellerId,
                       String invoiceType, String document) {
    }

    private static List<MediaEntry> sales(JdbcClient jdbc, String sellerId, TaxPeriod period, boolean b2cTaxInclusive,
                                          List<String> warnings,
                                          List<String> errors) {
        List<NumberUsage.Row> ranges = NumberUsage.rows(jdbc, sellerId, period.code(), period.lastDay());
        List<Row> rows = jdbc.sql("""
                        SELECT invoice_number, issued_at, status, buyer_id, seller_id, invoice_type, document::text
                        FROM invoice WHERE seller_id = ? AND invoice_number IS NOT NULL AND issued_at >= ? AND issued_at < ?
                        ORDER BY invoice_number""")
                .params(sellerId, start(period), end(period))
                .query((rs, n) -> new Row(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
        List<MediaEntry> entries = new ArrayList<>();
        for (Row r : rows) {
            LocalDate date = r.issuedAt().atZoneSameInstant(TAIPEI).toLocalDate();
            String track = track(r.number());
            String number = digits(r.number());
            String label = "sale " + r.number() + " of " + date;
            if (!ISSUED.contains(r.status()) && !"CANCELLED".equals(r.status()) && !"VOIDED".equals(r.status())) {
                // its number is used up in the range, so leaving it out unsaid would lose it from both sales and blanks
                warnings.add(label + " status " + r.status() + ": numbered but not issued, not in the file");
                continue;
            }
            if (!r.number().matches(NUMBER)) {
                errors.add(label + " invoice number: not two letters and eight digits");
            } else if (ranges.stream().noneMatch(g -> g.track().equals(track)
                    && Integer.parseInt(number) >= g.beginNo() && Integer.parseInt(number) <= g.endNo())) {
                warnings.add(label + " number (40-49): outside the seller's ranges of period " + period.code());
            }
            if (!"07".equals(r.invoiceType())) {
                errors.add(label + " invoice type " + r.invoiceType() + ": only general invoices (07) go on the 401");
            }
            if ("CANCELLED".equals(r.status()) || "VOIDED".equals(r.status())) {
                if ("VOIDED".equals(r.status())) {
                    warnings.add(label + " status VOIDED: voided and not re-issued by the end of the period, written as cancelled");
                }
                entries.add(new MediaEntry(Kind.CANCELLED, MediaFileLayout.SALES_E_INVOICE, date, "", r.sellerId(), track,
                        number, 0, MediaFileLayout.CANCELLED, 0, "", "", "", "cancelled " + r.number() + " of " + date));
                continue;
            }
            if ("REJECTED".equals(r.status())) {
                warnings.add(label + " status REJECTED: the platform refused its upload; declared as issued");
            }
            entries.add(sale(r, date, track, number, label, b2cTaxInclusive, warnings, errors));
        }
        return entries;
    }

    private static MediaEntry sale(Row r, LocalDate date, String track, String number, String label, boolean b2cTaxInclusive,
                                   List<String> warnings, List<String> errors) {
        JsonNode doc;
        try {
            doc = JSON.readTree(r.document());
        } catch (Exception e) {
            errors.add(label + " document: not readable JSON");
            doc = JSON.createObjectNode();
        }
        String taxType = doc.path("taxType").asText("");
        if (!MediaFileLayout.SALE_TAX_TYPES.contains(taxType)) {
            errors.add(label + " tax type (62) '" + taxType + "': only 1, 2 or 3 has a 401 tax type (4 special rate and "
                    + "9 mixed need splitting by hand)");
        }
        long sales = amount(doc, "salesAmount", label, errors) + amount(doc, "zeroTaxSalesAmount", label, errors)
                + amount(doc, "freeTaxSalesAmount", label, errors);
        long tax = amount(doc, "taxAmount", label, errors);
        boolean business = r.buyerId() != null && r.buyerId().matches("\\d{8}") && !"00000000".equals(r.buyerId());
        if (business && !Ban.isValid(r.buyerId(), date)) {
            warnings.add(label + " buyer BAN (24-31) '" + r.buyerId() + "': checksum fails");
        }
        if (!business && b2cTaxInclusive) {
            sales += tax;
            tax = 0;
        }
        String customs = MediaFileLayout.ZERO_RATED.equals(taxType) ? doc.path("customsClearanceMark").asText("") : "";
        return new MediaEntry(Kind.SALE, MediaFileLayout.SALES_E_INVOICE, date, business ? r.buyerId() : "", r.sellerId(),
                track, number, sales, taxType, tax, "", "", customs, label);
    }

    private static long amount(JsonNode doc, String field, String label, List<String> errors) {
        JsonNode node = doc.path(field);
        if (node.isMissingNode() || node.isNull() || node.asText().isBlank()) {
            return 0;
        }
        try {
            return new BigDecimal(node.asText()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            errors.add(label + " " + field + " '" + node.asText() + "': not a whole NTD amount");
            return 0;
        }
    }

    /** One record per merged unused range: the first number in the number field, the last in the buyer-BAN field. */
    private static List<MediaEntry> blanks(JdbcClient jdbc, String sellerId, TaxPeriod period) {
        List<MediaEntry> entries = new ArrayList<>();
        for (NumberUsage.Blank blank : NumberUsage.blanks(jdbc, period.code())) {
            if (!blank.sellerId().equals(sellerId)) {
                continue;
            }
            for (int[] range : blank.ranges()) {
                String first = String.format("%08d", range[0]);
                String last = String.format("%08d", range[1]);
                entries.add(new MediaEntry(Kind.BLANK, MediaFileLayout.SALES_E_INVOICE, period.lastDay(), last,
                        blank.branchBan(), blank.track(), first, 0, MediaFileLayout.BLANK, 0, "",
                        MediaFileLayout.BLANK_RANGE_AGGREGATE, "", "blank " + blank.track() + first + "-" + last));
            }
        }
        return entries;
    }

    private static int allowances(JdbcClient jdbc, String sellerId, TaxPeriod period) {
        return jdbc.sql("SELECT count(*) FROM allowance WHERE seller_id = ? AND allowance_date BETWEEN ? AND ? AND NOT cancelled")
                .params(sellerId, period.firstDay(), period.lastDay()).query(Integer.class).single();
    }

    private static MediaFileReport report(String sellerId, TaxPeriod period, List<MediaEntry> entries, String purchaseSource,
                                          List<String> warnings, List<String> errors) {
        Map<String, Integer> byFormat = new TreeMap<>();
        Map<Kind, Integer> byKind = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            byKind.put(k, 0);
        }
        Map<String, MediaFileReport.Totals> sales = new TreeMap<>();
        Map<String, MediaFileReport.Totals> purchases = new TreeMap<>();
        MediaFileReport.Totals none = new MediaFileReport.Totals(0, 0, 0);
        for (MediaEntry e : entries) {
            byFormat.merge(e.formatCode(), 1, Integer::sum);
            byKind.merge(e.kind(), 1, Integer::sum);
            Map<String, MediaFileReport.Totals> totals = e.kind() == Kind.PURCHASE ? purchases : sales;
            totals.put(e.taxType(), totals.getOrDefault(e.taxType(), none).plus(e));
        }
        return new MediaFileReport(sellerId, period.code(), entries.size(), byFormat, byKind, sales, purchases, purchaseSource,
                List.copyOf(warnings), List.copyOf(errors));
    }

    private static String track(String number) {
        return number.length() >= 2 ? number.substring(0, 2) : number;
    }

    private static String digits(String number) {
        return number.length() > 2 ? number.substring(2) : "";
    }

    private static OffsetDateTime start(TaxPeriod period) {
        return period.firstDay().atStartOfDay(TAIPEI).toOffsetDateTime();
    }

    private static OffsetDateTime end(TaxPeriod period) {
        return period.lastDay().plusDays(1).atStartOfDay(TAIPEI).toOffsetDateTime();
    }
}
