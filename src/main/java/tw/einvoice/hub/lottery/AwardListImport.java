package tw.einvoice.hub.lottery;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.mig.AwardList;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.UUID;

/**
 * Reads the platform's winner list E0504 from Turnkey's download folder, once per file. The schema does not say
 * what its {@code PrizeType} codes mean, so an entry is taken for a carrier-only cloud prize (雲端發票專屬獎)
 * unless our own matching already found that invoice winning the same amount: then it confirms that prize and
 * nobody is told twice. An entry for an invoice not in the ledger is kept (the report shows it) but told to no one.
 */
@Service
public class AwardListImport {

    private static final Logger log = LoggerFactory.getLogger(AwardListImport.class);

    /** The prize word of E0504 entries that are not one of our own matches. */
    public static final String CLOUD_PRIZE = "cloud";

    public record Result(int winners, int confirming, int unknownInvoices) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    AwardListImport(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Camel: one file of the E0504 folder. */
    public void importFile(Exchange exchange) {
        importE0504(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class), exchange.getMessage().getBody(byte[].class));
    }

    /** Imports one E0504 file unless a file of that name was imported before; the file and its winners commit together. */
    public Result importE0504(String fileName, byte[] xml) {
        List<AwardList> lists = AwardList.read(new ByteArrayInputStream(xml));
        Result result = tx.execute(s -> {
            if (jdbc.sql("INSERT INTO lottery_award_file (file_name) VALUES (?) ON CONFLICT DO NOTHING").param(fileName).update() == 0) {
                return new Result(0, 0, 0);
            }
            int winners = 0;
            int confirming = 0;
            int unknown = 0;
            for (AwardList list : lists) {
                for (AwardList.Winner w : list.winners()) {
                    String seller = w.sellerId() != null ? w.sellerId() : list.headBan();
                    UUID invoiceId = jdbc.sql("SELECT id FROM invoice WHERE seller_id = ? AND invoice_number = ?")
                            .params(seller, w.invoiceNumber()).query(UUID.class).optional().orElse(null);
                    long amount = w.prizeAmount().longValue();
                    String matched = jdbc.sql("""
                                    SELECT prize FROM lottery_winner WHERE period = ? AND seller_id = ? AND invoice_number = ?
                                      AND source = 'NUMBERS' AND amount = ?""")
                            .params(list.yearMonth(), seller, w.invoiceNumber(), amount).query(String.class).optional().orElse(null);
                    String note = matched != null ? "the platform's E0504 lists the prize our matching found" : null;
                    int added = jdbc.sql("""
                                    INSERT INTO lottery_winner (period, source, seller_id, invoice_number, invoice_id, prize, amount, prize_type,
                                                                note, notice_queued_at)
                                    VALUES (?, 'E0504', ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END) ON CONFLICT DO NOTHING""")
                            .params(list.yearMonth(), seller, w.invoiceNumber(), invoiceId, matched != null ? matched : CLOUD_PRIZE, amount,
                                    w.prizeType(), note, matched != null).update();
                    winners += added;
                    confirming += matched != null ? added : 0;
                    unknown += invoiceId == null ? added : 0;
                }
            }
            jdbc.sql("UPDATE lottery_award_file SET winners = ? WHERE file_name = ?").params(winners, fileName).update();
            return new Result(winners, confirming, unknown);
        });
        log.info("E0504 {}: {} winners ({} confirm our own matches, {} invoices not in the ledger)", fileName, result.winners(),
                result.confirming(), result.unknownInvoices());
        return result;
    }
}
