package tw.einvoice.hub.digitize;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** The approved purchase vouchers of a filing period: what the 401 media file declares as input tax. */
@Component
public class ApprovedVouchers {

    private final JdbcClient jdbc;

    ApprovedVouchers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Approved vouchers of {@code sellerId} dated in the two-month period starting {@code firstMonth}, by date and
     * number.
     *
     * @param firstMonth the period's odd first month (January, March, …)
     * @throws IllegalArgumentException for an even month: filing periods start on odd months
     */
    public List<ApprovedVoucher> forPeriod(String sellerId, YearMonth firstMonth) {
        if (firstMonth.getMonthValue() % 2 == 0) {
            throw new IllegalArgumentException("firstMonth: " + firstMonth + " is not the first month of a filing period (odd months)");
        }
        LocalDate from = firstMonth.atDay(1);
        LocalDate until = firstMonth.plusMonths(2).atDay(1);
        return jdbc.sql("""
                        SELECT seller_id, invoice_number, invoice_date, counterpart_ban, sales_amount, tax_amount, kind
                        FROM voucher
                        WHERE seller_id = ? AND status = 'APPROVED' AND invoice_date >= ? AND invoice_date < ?
                        ORDER BY invoice_date, invoice_number, id""")
                .params(sellerId, from, until)
                .query((rs, n) -> new ApprovedVoucher(rs.getString("seller_id"), rs.getString("invoice_number"),
                        rs.getObject("invoice_date", LocalDate.class), rs.getString("counterpart_ban"),
                        rs.getLong("sales_amount"), rs.getLong("tax_amount"), "1",
                        kind(rs.getString("kind")).purchaseFormatCode()))
                .list();
    }

    private static VoucherKind kind(String name) {
        try {
            return name == null ? VoucherKind.UNKNOWN : VoucherKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return VoucherKind.UNKNOWN;
        }
    }
}
