package tw.einvoice.hub.lottery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.carrier.Member;
import tw.einvoice.hub.carrier.Members;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.notify.ConsumerNotifications;
import tw.einvoice.hub.rules.TaxPeriod;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells each winner once, by the invoice buyer's email and phone (the contact {@link ConsumerNotifications} uses),
 * or, for what the invoice lacks, the contact of the member whose carrier holds it: the prize, the amount, the claim window and how to print the proof at a convenience-store kiosk. The message is
 * queued in notify's log (unique per invoice, channel and kind) in the same transaction that marks the winner told.
 */
@Service
class LotteryNotices {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final InvoiceStore invoices;
    private final ConsumerNotifications notifications;
    private final Members members;

    LotteryNotices(JdbcClient jdbc, TransactionTemplate tx, InvoiceStore invoices, ConsumerNotifications notifications,
                   Members members) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.invoices = invoices;
        this.notifications = notifications;
        this.members = members;
    }

    /** Queues the notices of up to {@code limit} winners not yet told; answers how many were handled. */
    int announce(int limit) {
        Integer handled = tx.execute(s -> {
            record Row(long id, String period, String source, UUID invoiceId, String prize, long amount) {
            }
            List<Row> rows = jdbc.sql("""
                            SELECT id, period, source, invoice_id, prize, amount FROM lottery_winner
                            WHERE notice_queued_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .param(limit).query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                            rs.getString(5), rs.getLong(6))).list();
            for (Row row : rows) {
                Optional<StoredInvoice> invoice = row.invoiceId() == null ? Optional.empty()
                        : invoices.findById(row.invoiceId()).map(this::withMemberContact);
                String note;
                if (invoice.isEmpty()) {
                    note = "not told: the invoice is not in the ledger";
                } else {
                    var queued = notifications.requestMessage(invoice.get(), "LOTTERY-" + row.period() + "-" + row.source(),
                            subject(invoice.get(), row.period()), email(invoice.get(), row.period(), row.prize(), row.amount()),
                            sms(invoice.get(), row.period(), row.prize(), row.amount()));
                    note = queued.isEmpty() ? "not told: neither the invoice nor its member has an email or mobile number"
                            : "told by " + String.join(", ", queued.stream().map(q -> q.channel() + " " + q.address() + " " + q.state()).toList());
                }
                jdbc.sql("UPDATE lottery_winner SET notice_queued_at = now(), note = coalesce(note || '; ', '') || ? WHERE id = ?")
                        .params(note, row.id()).update();
            }
            return rows.size();
        });
        return handled == null ? 0 : handled;
    }

    /**
     * The invoice with the member's email and phone where its buyer has none: a member enrolled without a contact
     * (or issued to by carrier id) may have given one since, and a prize is worth telling them about. The copy is
     * only read here; the ledger keeps the invoice as issued.
     */
    private StoredInvoice withMemberContact(StoredInvoice invoice) {
        CanonicalInvoice doc = invoice.document();
        CanonicalInvoice.Party buyer = doc.getBuyer();
        boolean lacksEmail = buyer == null || blank(buyer.email());
        boolean lacksPhone = buyer == null || blank(buyer.phone());
        CanonicalInvoice.Carrier carrier = doc.getCarrier();
        if (!(lacksEmail || lacksPhone) || carrier == null || blank(carrier.type()) || blank(carrier.id())) {
            return invoice;
        }
        Optional<Member> member = members.findByCarrier(invoice.sellerId(), carrier.type(), carrier.id());
        if (member.isEmpty()) {
            return invoice;
        }
        doc.setBuyer(new CanonicalInvoice.Party(buyer == null ? null : buyer.id(), buyer == null ? null : buyer.name(),
                lacksEmail ? member.get().email() : buyer.email(), lacksPhone ? member.get().phone() : buyer.phone(),
                buyer == null ? null : buyer.address()));
        return invoice;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String subject(StoredInvoice invoice, String period) {
        return "統一發票中獎通知 " + periodText(period) + " " + invoice.invoiceNumber();
    }

    static String email(StoredInvoice invoice, String period, String prize, long amount) {
        CanonicalInvoice doc = invoice.document();
        String buyer = doc.getBuyer() != null && doc.getBuyer().name() != null ? doc.getBuyer().name() : "顧客";
        String seller = doc.getSeller() != null && doc.getSeller().name() != null ? doc.getSeller().name() : invoice.sellerId();
        WinningNumbers.ClaimWindow window = claimWindow(period);
        return buyer + " 您好：\n\n"
                + "恭喜！您存在「" + seller + "」會員載具的電子發票 " + invoice.invoiceNumber() + "（" + periodText(period) + "）中了"
                + prizeName(prize) + "，獎金新臺幣 " + String.format("%,d", amount) + " 元。\n\n"
                + "領獎期間：" + window.from() + " 至 " + window.to() + "。\n\n"
                + "如何領獎：領獎期間內到便利商店的多媒體服務機（7-ELEVEN ibon、全家 FamiPort、萊爾富 Life-ET、OK 超商 OK‧go），"
                + "選「電子發票中獎列印」，以您的會員載具或已歸戶的手機條碼列印這張發票的中獎證明聯，"
                + "再帶證明聯與身分證件到該店櫃檯或郵局兌領。若您已在財政部電子發票整合服務平台設定領獎帳戶，獎金會自動匯入，不必列印。\n\n"
                + "賣方統一編號 " + invoice.sellerId() + "。本信由系統發出，請勿直接回覆。\n";
    }

    static String sms(StoredInvoice invoice, String period, String prize, long amount) {
        WinningNumbers.ClaimWindow window = claimWindow(period);
        return "【中獎通知】您的會員載具發票 " + invoice.invoiceNumber() + "（" + periodText(period) + "）中" + prizeName(prize)
                + " " + amount + " 元，請於 " + window.from() + "～" + window.to() + " 到超商多媒體機以載具列印中獎證明聯兌領。";
    }

    private static WinningNumbers.ClaimWindow claimWindow(String period) {
        return WinningNumbers.ClaimWindow.of(TaxPeriod.parse(period));
    }

    /** 115年07-08月 */
    static String periodText(String period) {
        TaxPeriod tax = TaxPeriod.parse(period);
        return String.format("%d年%02d-%02d月", tax.rocYear(), tax.closingMonth() - 1, tax.closingMonth());
    }

    private static String prizeName(String prize) {
        return AwardListImport.CLOUD_PRIZE.equals(prize) ? "雲端發票專屬獎" : Prize.ofCode(prize).chinese();
    }
}
