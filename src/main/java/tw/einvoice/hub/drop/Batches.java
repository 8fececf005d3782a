package tw.einvoice.hub.drop;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Excel (or CSV) batches uploaded through the API: the upload is kept under {@code <data>/batches/}, then
 * processed in the background like a dropped file, with progress in the {@code batch} table and the
 * per-row result file beside the upload.
 */
@Service
public class Batches {

    /** The connector batch invoices carry: a sourceRef is unique per connector, so re-uploads are recognised. */
    public static final String CONNECTOR = "excel-batch";

    private static final Logger log = LoggerFactory.getLogger(Batches.class);

    private final JdbcClient jdbc;
    private final DropFiles drops;
    private final Path folder;
    // one at a time: a batch already uses intake in chunks, two would only fight over the two cores
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-batch");
        t.setDaemon(true);
        return t;
    });

    private final DataSource dataSource;
    // batches queued or running on this node, so the resume sweep does not queue them twice
    private final Set<UUID> inHand = ConcurrentHashMap.newKeySet();
    // set at shutdown: a batch cut short then is left RUNNING for the next start, not marked FAILED
    private volatile boolean stopping;

    Batches(JdbcClient jdbc, DropFiles drops, DataSource dataSource, @Value("${hub.data-dir}") Path dataDir) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.drops = drops;
        this.folder = dataDir.resolve("batches");
    }

    @PreDestroy
    void stop() {
        stopping = true;
        worker.shutdownNow();
    }

    /**
     * Picks up batches a stopped or crashed node left QUEUED or RUNNING, at start and then every few minutes.
     * The upload is processed again from its first row: rows taken in before the stop come back as DUPLICATE with
     * their invoice, so nothing is lost or made twice. Only batches whose upload is on this node's disk qualify.
     */
    @Scheduled(initialDelayString = "${hub.drop.batch-resume-delay:PT5S}",
            fixedDelayString = "${hub.drop.batch-resume-interval:PT5M}")
    void resumeInterrupted() {
        if (stopping) {
            return;
        }
        List<Map.Entry<UUID, String>> waiting = jdbc.sql(
                        "SELECT id, file_name FROM batch WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at")
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Map.Entry<UUID, String> b : waiting) {
            if (Files.isRegularFile(upload(b.getKey(), b.getValue())) && !inHand.contains(b.getKey())) {
                log.info("Batch {} ({}) is waiting or was interrupted; processing it", b.getKey(), b.getValue());
                submit(b.getKey());
            }
        }
    }

    private void submit(UUID id) {
        if (inHand.add(id)) {
            worker.submit(() -> {
                try {
                    runLocked(id);
                } finally {
                    inHand.remove(id);
                }
            });
        }
    }

    /**
     * Runs the batch while holding a PostgreSQL advisory lock on it, on a connection of its own: two nodes never
     * run one batch at once, and a crashed node's lock goes with its connection, so the batch can be resumed.
     */
    private void runLocked(UUID id) {
        long key = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!tryLock(c, "SELECT pg_try_advisory_lock(?)", key)) {
                return;
            }
            try {
                Batch batch = find(id).orElse(null);
                if (batch != null && (batch.status() == Batch.Status.QUEUED || batch.status() == Batch.Status.RUNNING)) {
                    run(id, batch.fileName(), batch.sellerId(), batch.createdBy());
                }
            } finally {
                tryLock(c, "SELECT pg_advisory_unlock(?)", key);
            }
        } catch (SQLException e) {
            log.warn("Batch {}: cannot take its lock, left for a later try: {}", id, e.getMessage());
        }
    }

    private static boolean tryLock(Connection c, String sql, long key) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setLong(1, key);
            try (var rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Accepts an upload. {@code sellerId} (a seller-scoped caller) keeps every row to that seller: a row naming
     * another seller is refused on its own line. Refuses an unsupported file type at once.
     */
    public Batch start(String fileName, InputStream upload, String sellerId, String actor) {
        DropFileReader.formatOf(fileName);
        UUID id = UUID.randomUUID();
        Path file = upload(id, fileName);
        try {
            Files.createDirectories(folder);
            Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("INSERT INTO batch (id, file_name, seller_id, created_by, status) VALUES (?, ?, ?, ?, 'QUEUED')")
                .params(id, fileName, sellerId, actor).update();
        submit(id);
        return find(id).orElseThrow();
    }

    public Optional<Batch> find(UUID id) {
        return jdbc.sql("SELECT * FROM batch WHERE id = ?").param(id).query((rs, n) -> new Batch(
                rs.getObject("id", UUID.class), rs.getString("file_name"), rs.getString("seller_id"),
                rs.getString("created_by"), Batch.Status.valueOf(rs.getString("status")),
                (Long) rs.getObject("rows_total"), rs.getLong("rows_done"), rs.getLong("accepted"),
                rs.getLong("duplicates"), rs.getLong("rejected"), rs.getString("error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class)))
                .optional();
    }

    /** The per-row result CSV, once the batch is done. */
    public Optional<Path> result(UUID id) {
        Path p = folder.resolve(id + ".result.csv");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private Path upload(UUID id, String fileName) {
        return folder.resolve(id + "." + DropFileReader.formatOf(fileName).name().toLowerCase());
    }

    private void run(UUID id, String fileName, String sellerId, String actor) {
        Path file = upload(id, fileName);
        Path partial = folder.resolve(id + ".result.csv.part");
        try {
            DropProcessor processor = drops.processor(CONNECTOR, null, fileName, actor);
            long total = processor.count(file, fileName);
            jdbc.sql("UPDATE batch SET status = 'RUNNING', rows_total = ? WHERE id = ?").params(total, id).update();
            DropProcessor.Summary s;
            try (Writer out = DropFiles.resultWriter(partial)) {
                s = processor.process(file, fileName, out,
                        done -> jdbc.sql("UPDATE batch SET rows_done = ? WHERE id = ?").params(done, id).update(),
                        row -> sellerCheck(row, sellerId));
            }
            // the result appears under its final name only when complete, so a download is never half a file
            Files.move(partial, folder.resolve(id + ".result.csv"), StandardCopyOption.ATOMIC_MOVE);
            jdbc.sql("""
                    UPDATE batch SET status = 'DONE', rows_done = ?, accepted = ?, duplicates = ?, rejected = ?,
                           finished_at = now() WHERE id = ?""")
                    .params(s.rows(), s.accepted(), s.duplicates(), s.rejected(), id).update();
            log.info("Batch {} ({}) done: {} rows, {} accepted, {} duplicates, {} rejected", id, fileName, s.rows(),
                    s.accepted(), s.duplicates(), s.rejected());
        } catch (RuntimeException | IOException e) {
            if (stopping) {
                log.info("Batch {} ({}) interrupted by shutdown; it resumes on the next start", id, fileName);
                return;
            }
            log.warn("Batch {} ({}) failed: {}", id, fileName, e.getMessage());
            jdbc.sql("UPDATE batch SET status = 'FAILED', error = ?, finished_at = now() WHERE id = ?")
                    .params(String.valueOf(e.getMessage()), id).update();
        }
    }

    private static String sellerCheck(DropRow row, String sellerId) {
        String seller = row.cell("sellerId");
        if (sellerId == null || seller.isEmpty() || seller.equals(sellerId)) {
            return null;
        }
        return "sellerId: " + seller + " is not the seller of this API key";
    }
}
