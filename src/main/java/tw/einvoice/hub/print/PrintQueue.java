package tw.einvoice.hub.print;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable queue of print jobs to network thermal printers (raw TCP, port 9100).
 *
 * <p>A printer acknowledges nothing, so the hub cannot know whether bytes it wrote came out as paper. It therefore
 * prints <em>at most once</em>: a job is marked SENDING (and the print counted in {@code proof_print}) in one
 * transaction after the connection is open and the printer answered its status (DLE EOT 1), before a byte of the
 * proof is written. A refused or timed-out connection means
 * nothing was printed, so the job waits (doubling back-off) and is tried again; once SENDING, it is never sent again.
 * A failure while writing, or a restart that finds a job SENDING, leaves it UNCERTAIN for a person to look at the
 * paper and reprint if it is missing. A second receipt on the counter would be worse than asking for one.
 */
@Service
@EnableConfigurationProperties(PrintQueueProperties.class)
public class PrintQueue {

    private static final Logger log = LoggerFactory.getLogger(PrintQueue.class);

    /** Why a print request is refused (unknown printer, or one not serving the invoice's seller or branch). */
    public static final class UnknownPrinter extends RuntimeException {
        UnknownPrinter(String message) {
            super(message);
        }
    }

    public record Job(long id, UUID invoiceId, String printer, String state, int attempts, String lastError) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final InvoiceStore invoices;
    private final Proofs proofs;
    private final PrintQueueProperties settings;

    PrintQueue(JdbcClient jdbc, TransactionTemplate transactions, InvoiceStore invoices, Proofs proofs, PrintQueueProperties settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.invoices = invoices;
        this.proofs = proofs;
        this.settings = settings;
    }

    /** Queues a proof for the named printer; refuses carrier and donated invoices with the reason. */
    public Job enqueue(StoredInvoice invoice, String printerName, String actor) {
        PrintQueueProperties.Printer printer = settings.printer(printerName);
        if (printer == null) {
            throw new UnknownPrinter("no printer " + printerName + " in hub.print.printers (known: "
                    + settings.printers().stream().map(PrintQueueProperties.Printer::name).toList() + ")");
        }
        if (!printer.serves(invoice.sellerId(), invoice.branchId())) {
            throw new UnknownPrinter("printer " + printerName + " does not print for seller " + invoice.sellerId()
                    + " branch " + invoice.branchId());
        }
        proofs.checkPrintable(invoice);
        long id = jdbc.sql("INSERT INTO print_job (invoice_id, printer, state, actor) VALUES (?, ?, 'QUEUED', ?) RETURNING id")
                .params(invoice.id(), printerName, actor).query(Long.class).single();
        return job(id).orElseThrow();
    }

    public Optional<Job> job(long id) {
        return jdbc.sql("SELECT id, invoice_id, printer, state, attempts, last_error FROM print_job WHERE id = ?").param(id)
                .query((rs, n) -> new Job(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6))).optional();
    }

    List<Long> due(int limit) {
        return jdbc.sql("SELECT id FROM print_job WHERE state = 'QUEUED' AND next_attempt <= now() ORDER BY id LIMIT ?")
                .param(limit).query(Long.class).list();
    }

    /** Jobs a stopped hub left SENDING may or may not have printed; they are never sent again. */
    int markInterrupted() {
        int n = jdbc.sql("UPDATE print_job SET state = 'UNCERTAIN', last_error = 'the hub stopped while sending: check the "
                + "paper and reprint if it is missing' WHERE state = 'SENDING'").update();
        if (n > 0) {
            log.warn("{} print job(s) were being sent when the hub stopped; marked UNCERTAIN, never sent twice", n);
        }
        return n;
    }

    /** One attempt at one job: connect, claim, write, mark. */
    void print(long id) {
        Job job = job(id).filter(j -> "QUEUED".equals(j.state())).orElse(null);
        if (job == null) {
            return;
        }
        PrintQueueProperties.Printer printer = settings.printer(job.printer());
        if (printer == null) {
            fail(id, "FAILED", "printer " + job.printer() + " is no longer configured");
            return;
        }
        PrinterProfile profile = settings.profiles().get(printer.profile());
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(printer.host(), printer.port()), (int) settings.queue().connectTimeout().toMillis());
                online(socket, profile);
            } catch (IOException offline) {
                retryLater(job, printer, offline);
                return;
            }
            byte[] bytes;
            try {
                bytes = transactions.execute(tx -> {
                    int claimed = jdbc.sql("UPDATE print_job SET state = 'SENDING', attempts = attempts + 1 WHERE id = ? AND state = 'QUEUED'")
                            .param(id).update();
                    if (claimed == 0) {
                        return null;
                    }
                    StoredInvoice invoice = invoices.findById(job.invoiceId()).orElseThrow();
                    jdbc.sql("UPDATE print_job SET reprint = EXISTS (SELECT 1 FROM proof_print WHERE invoice_id = ?) WHERE id = ?")
                            .params(job.invoiceId(), id).update();
                    return EscPos.proof(proofs.countAndRender(invoice, "printer:" + printer.name()), profile);
                });
            } catch (RuntimeException e) {
                fail(id, "FAILED", "cannot render the proof: " + e.getMessage());
                return;
            }
            if (bytes == null) {
                return;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                fail(id, "UNCERTAIN", "the connection broke while sending (" + e.getMessage() + "): check the paper and reprint if it is missing");
                return;
            }
            jdbc.sql("UPDATE print_job SET state = 'PRINTED', printed_at = now(), last_error = NULL WHERE id = ?").param(id).update();
        } catch (IOException closing) {
            log.debug("closing the connection to printer {}: {}", printer.name(), closing.getMessage());
            jdbc.sql("UPDATE print_job SET state = 'PRINTED', printed_at = now() WHERE id = ? AND state = 'SENDING'").param(id).update();
        }
    }

    /**
     * DLE EOT 1 asks for the printer's status without printing anything: an answer with the offline bit clear shows
     * that the printer, not just a network box in front of it, takes data now. A profile whose printer does not
     * answer it relies on the connection alone.
     */
    private void online(Socket socket, PrinterProfile profile) throws IOException {
        if (!profile.statusQuery()) {
            return;
        }
        socket.setSoTimeout((int) settings.queue().connectTimeout().toMillis());
        socket.getOutputStream().write(new byte[]{0x10, 0x04, 0x01});
        socket.getOutputStream().flush();
        int status = socket.getInputStream().read();
        if (status < 0) {
            throw new IOException("the connection closed before the printer answered its status");
        }
        if ((status & 0x08) != 0) {
            throw new IOException("the printer reports itself offline (status 0x" + Integer.toHexString(status) + ": cover open or paper out)");
        }
    }

    private void retryLater(Job job, PrintQueueProperties.Printer printer, IOException offline) {
        Duration wait = backoff(job.attempts() + 1);
        String reason = "printer " + printer.name() + " (" + printer.host() + ":" + printer.port() + ") is offline: " + offline.getMessage();
        jdbc.sql("UPDATE print_job SET attempts = attempts + 1, last_error = ?, next_attempt = now() + make_interval(secs => ?) "
                        + "WHERE id = ? AND state = 'QUEUED'")
                .params(reason, wait.toMillis() / 1000.0, job.id()).update();
        log.info("print job {}: {}; next attempt in {}", job.id(), reason, wait);
    }

    Duration backoff(int attempts) {
        Duration wait = settings.queue().firstRetry().multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(settings.queue().maxRetry()) > 0 ? settings.queue().maxRetry() : wait;
    }

    private void fail(long id, String state, String reason) {
        jdbc.sql("UPDATE print_job SET state = ?, last_error = ? WHERE id = ?").params(state, reason, id).update();
        log.warn("print job {}: {} ({})", id, state, reason);
    }
}
