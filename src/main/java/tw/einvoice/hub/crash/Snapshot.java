package tw.einvoice.hub.crash;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One look at the run's invoices in the hub's ledger and at its callback outbox, with whether a POST was open at that
 * moment. Counts are of the run's connector only.
 */
record Snapshot(long at, boolean postInFlight, int recordsAnswered, long received, long issued, long sent, long confirmed,
                long rejected, long undelivered, long delivered) {

    static final Snapshot NONE = new Snapshot(0, false, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Invoices that have taken a number. */
    long numbered() {
        return issued + sent + confirmed + rejected;
    }

    /** Invoices whose F0401 is with Turnkey. */
    long handedOver() {
        return sent + confirmed + rejected;
    }

    /** Invoices the platform has answered. */
    long answered() {
        return confirmed + rejected;
    }

    /** Whether anything moved since {@code before}: records taken in, numbers, hand-overs, answers, callbacks. */
    boolean progressedSince(Snapshot before) {
        return recordsAnswered > before.recordsAnswered || received + numbered() > before.received + before.numbered()
                || handedOver() > before.handedOver() || answered() > before.answered() || delivered > before.delivered;
    }

    static Snapshot read(HubDatabase hub, InvoiceFeeder feeder) throws SQLException {
        long received = 0, issued = 0, sent = 0, confirmed = 0, rejected = 0, undelivered = 0, delivered = 0;
        boolean inFlight = feeder.postInFlight();
        int answered = feeder.recordsAnswered();
        try (Connection c = hub.open(HubDatabase.LEDGER)) {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT status, count(*) FROM invoice WHERE connector = ? GROUP BY status")) {
                q.setString(1, CrashRecords.CONNECTOR);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(2);
                        switch (rs.getString(1)) {
                            case "RECEIVED" -> received = n;
                            case "ISSUED" -> issued = n;
                            case "SENT" -> sent = n;
                            case "CONFIRMED" -> confirmed = n;
                            case "REJECTED" -> rejected = n;
                            default -> {
                            }
                        }
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT count(*) FILTER (WHERE delivered_at IS NULL), count(*) FILTER (WHERE delivered_at IS NOT NULL)
                    FROM callback_outbox WHERE connector = ?""")) {
                q.setString(1, CrashRecords.CONNECTOR);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    undelivered = rs.getLong(1);
                    delivered = rs.getLong(2);
                }
            }
        }
        return new Snapshot(System.nanoTime(), inFlight || feeder.postInFlight(), answered, received, issued, sent,
                confirmed, rejected, undelivered, delivered);
    }

    /** The counts that say where work waits, for the table: {@code RECEIVED 310 · ISSUED 12 · SENT 400 · callbacks 57}. */
    String waiting() {
        return "RECEIVED %d · ISSUED %d · SENT %d · callbacks %d".formatted(received, issued, sent, undelivered);
    }
}
