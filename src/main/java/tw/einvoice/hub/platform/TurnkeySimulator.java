package tw.einvoice.hub.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.mig.MigMessage;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Turnkey 3.2 and the MOF platform in one, for the embedded default and the tests. Turnkey's part takes each file
 * from UpCast and checks it as Turnkey does ({@link TurnkeyStage}: schema 7013, program rules 7001); a refused file
 * is {@code E} at once with a {@code -008} system event and goes to {@code ERR}, and never reaches the platform. An
 * accepted one is {@code P}, goes to {@code BAK}, is {@code G} once sent, and {@code C} or {@code E} when the
 * platform ({@link PlatformChecks}) answers after the processing delay. Everything is written in Turnkey's own tables.
 */
public class TurnkeySimulator {

    private static final Logger log = LoggerFactory.getLogger(TurnkeySimulator.class);
    /** Turnkey runs in Taiwan: its timestamps and its day and hour folders are Taipei time. */
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    /** Turnkey treats a file this short (or shorter) as an error rather than a message. */
    static final int EMPTY_FILE_BYTES = 3;
    /** Files filed in one transaction: one commit per file made the simulator the walk's slowest stage. */
    static final int FILES_PER_COMMIT = 200;

    private final SimulatorSettings settings;
    private final TurnkeyStage stage;
    private final PlatformChecks platform;
    private final TurnkeyLog books;
    private final UpCastFolders folders;
    private final JdbcClient turnkey;
    private final TransactionTemplate tx;
    private final Clock clock;
    /**
     * One scan at a time: two callers (the UpCast timer and a benchmark or test calling {@link #upCast()}) listing
     * the same file both wrote its rows and one then failed to move it ({@code NoSuchFileException}).
     */
    private final ReentrantLock scanning = new ReentrantLock();

    TurnkeySimulator(SimulatorSettings settings, TurnkeyStage stage, DataSource turnkeyDatabase,
                     PlatformChecks.AssignedNumbers assigned, Clock clock) {
        this.settings = settings;
        this.stage = stage;
        this.turnkey = JdbcClient.create(turnkeyDatabase);
        JdbcTemplate batches = new JdbcTemplate(turnkeyDatabase);
        this.platform = new PlatformChecks(turnkey, batches, assigned, settings, clock);
        this.books = new TurnkeyLog(turnkey, batches, clock);
        this.folders = new UpCastFolders(settings.upcastDir());
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(turnkeyDatabase));
        this.clock = clock;
    }

    /**
     * A simulator on its own (the benchmark's): Turnkey's tables are made on {@code turnkeyDatabase}, and the
     * platform takes every number as assigned, having no hub ledger to ask.
     */
    public static TurnkeySimulator standalone(DataSource turnkeyDatabase, Path upcastDir, TurnkeyStage stage, Clock clock) {
        SimulatorSettings settings = new SimulatorSettings(true, upcastDir, upcastDir.resolveSibling("SummaryResult"),
                null, null, 0, null, null, null, null, null);
        TurnkeySimulator simulator = new TurnkeySimulator(settings, stage, turnkeyDatabase, (s, p, n) -> true, clock);
        simulator.install(turnkeyDatabase);
        return simulator;
    }

    /** Turnkey's "自動建立表格" and its UpCast folders, plus the simulator's own state, before the first file. */
    void install(DataSource turnkeyDatabase) {
        new ResourceDatabasePopulator(new ClassPathResource("platform/turnkey-tables.sql"),
                new ClassPathResource("platform/simulator-state.sql")).execute(turnkeyDatabase);
        folders.create();
    }

    /** What became of one file. */
    record Outcome(String seqNo, String status, TurnkeyStage.Verdict verdict, Path movedTo) {
    }

    /**
     * Takes every file waiting in UpCast, oldest first, {@link #FILES_PER_COMMIT} to a transaction (one at a time
     * when a group fails, so one bad file holds up no other); returns how many.
     */
    public int upCast() {
        scanning.lock();
        try {
            finishInterruptedFilings();
            List<UpCastFolders.Waiting> waiting = folders.waiting();
            int done = 0;
            for (int from = 0; from < waiting.size(); from += FILES_PER_COMMIT) {
                List<UpCastFolders.Waiting> group = waiting.subList(from, Math.min(waiting.size(), from + FILES_PER_COMMIT));
                try {
                    done += takeAll(group).size();
                } catch (RuntimeException e) {
                    log.debug("Turnkey simulator takes {} files one by one: {}", group.size(), e.getMessage());
                    for (UpCastFolders.Waiting file : group) {
                        try {
                            if (take(file) != null) {
                                done++;
                            }
                        } catch (RuntimeException one) {
                            // one file Turnkey cannot file away must not hold up the others; it is tried again next scan
                            log.warn("Turnkey simulator could not take {}: {}", file.file(), one.getMessage());
                        }
                    }
                }
            }
            return done;
        } finally {
            scanning.unlock();
        }
    }

    /** Packs and sends what UpCast accepted: {@code G}, and the platform's answers fall due after the delay. */
    public int handOver() {
        Integer sent = tx.execute(s -> {
            int n = books.sendAccepted().size();
            if (n > 0) {
                turnkey.sql("UPDATE sim_answer SET due_at = ? WHERE due_at IS NULL")
                        .param(OffsetDateTime.now(clock).plus(settings.processingDelay())).update();
            }
            return n;
        });
        return sent == null ? 0 : sent;
    }

    /** Gives the platform's answers whose delay has passed: {@code C}, or {@code E} with the platform's code. */
    public int finishDue() {
        Integer n = tx.execute(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Due> due = turnkey.sql("""
                            SELECT a.seqno, m.from_party_id, m.uuid, m.message_type, m.invoice_identifier, a.verdict, a.code,
                                a.message
                            FROM sim_answer a JOIN turnkey_message_log m ON m.seqno = a.seqno AND m.subseqno = ?
                            WHERE a.due_at <= ? ORDER BY a.seqno""")
                    .params(TurnkeyLog.SUBSEQNO, now)
                    .query((rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), new PlatformAnswer(rs.getString(6), rs.getString(7), rs.getString(8))))
                    .list();
            books.answeredAll(due.stream()
                    .map(d -> new TurnkeyLog.Answered(d.seqNo(), d.fromPartyId(), d.uuid(), d.answer())).toList());
            for (Due d : due) {
                if (!d.answer().confirmedByPlatform()) {
                    log.info("Platform refused {} {}: {} {}", d.type(), d.identifier(), d.answer().code(), d.answer().message());
                }
            }
            // exactly the answers given: one that fell due while these were given (hand-over commits in between,
            // its due time before this one's "now") was deleted unanswered by "due_at <= now", its invoice SENT for ever
            if (!due.isEmpty()) {
                turnkey.sql("DELETE FROM sim_answer WHERE seqno IN (:answered)")
                        .param("answered", due.stream().map(Due::seqNo).toList()).update();
            }
            return due.size();
        });
        return n == null ? 0 : n;
    }

    private record Due(String seqNo, String fromPartyId, String uuid, String type, String identifier,
                       PlatformAnswer answer) {
    }

    /**
     * Several files through UpCast with their rows and filing notes in one transaction, then moved; the same
     * crash-safety as {@link #take}: a crash after the commit leaves notes that the next scan finishes.
     */
    List<Outcome> takeAll(List<UpCastFolders.Waiting> files) {
        List<UpCastFolders.Waiting> read = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (UpCastFolders.Waiting file : files) {
            byte[] bytes = read(file);
            if (bytes != null) {
                read.add(file);
                contents.add(bytes);
            }
        }
        LocalDateTime at = LocalDateTime.now(clock.withZone(TAIPEI));
        List<Filed> filed = fileAll(read, contents, at);
        List<Outcome> outcomes = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            Filed f = filed.get(i);
            try {
                outcomes.add(new Outcome(f.seqNo(), f.status(), f.verdict(), move(read.get(i), f.folder(), at)));
                moved.add(folders.relative(read.get(i).file()));
            } catch (RuntimeException e) {
                // its rows are committed with the note: the next scan finishes this move
                log.warn("Turnkey simulator could not move {}: {}", read.get(i).file(), e.getMessage());
            }
        }
        // the notes of the files moved, in one statement: a crash before it leaves notes whose files are gone, forgotten
        // by the next scan
        if (!moved.isEmpty()) {
            turnkey.sql("DELETE FROM sim_filing WHERE source IN (:moved)").param("moved", moved).update();
        }
        return outcomes;
    }

    private byte[] read(UpCastFolders.Waiting file) {
        try {
            return Files.readAllBytes(file.file());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("Turnkey simulator cannot read {} ({}); will try again", file.file(), e.getMessage());
            return null;
        }
    }

    /** One file through UpCast; null when it was gone before it could be read. */
    Outcome take(UpCastFolders.Waiting file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.file());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("Turnkey simulator cannot read {} ({}); will try again", file.file(), e.getMessage());
            return null;
        }
        LocalDateTime at = LocalDateTime.now(clock.withZone(TAIPEI));
        Filed filed = fileAll(List.of(file), List.of(bytes), at).get(0);
        Path moved = finishFiling(file, filed.folder(), at);
        return new Outcome(filed.seqNo(), filed.status(), filed.verdict(), moved);
    }

    /** Moves files Turnkey filed in its log before it was stopped, before anything else is taken. */
    private void finishInterruptedFilings() {
        List<UpCastFolders.Filing> pending = turnkey.sql("SELECT source, message_type, folder, filed_at FROM sim_filing")
                .query((rs, i) -> new UpCastFolders.Filing(rs.getString(1), MigMessage.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, LocalDateTime.class)))
                .list();
        for (UpCastFolders.Filing f : pending) {
            Path source = folders.resolve(f.source());
            try {
                if (Files.exists(source)) {
                    log.info("Turnkey simulator finishes filing {} in {} (stopped after its rows were written)", source,
                            f.folder());
                    finishFiling(new UpCastFolders.Waiting(f.type(), source, null), f.folder(), f.filedAt());
                } else {
                    forget(source);
                }
            } catch (RuntimeException e) {
                log.warn("Turnkey simulator could not finish filing {}: {}", source, e.getMessage());
            }
        }
    }

    private Path finishFiling(UpCastFolders.Waiting file, String folder, LocalDateTime at) {
        Path moved = move(file, folder, at);
        forget(file.file());
        return moved;
    }

    private Path move(UpCastFolders.Waiting file, String folder, LocalDateTime at) {
        try {
            return folders.move(file, folder, at);
        } catch (IOException e) {
            throw new UncheckedIOException("UpCast file could not be moved: " + file.file(), e);
        }
    }

    private void forget(Path source) {
        turnkey.sql("DELETE FROM sim_filing WHERE source = ?").param(folders.relative(source)).update();
    }

    /** What Turnkey wrote for one file, and the folder it goes to once that is committed. */
    private record Filed(String seqNo, String status, TurnkeyStage.Verdict verdict, String folder) {
    }

    /**
     * Files read from UpCast, checked as Turnkey checks them and answered by the platform, with their rows and filing
     * notes in one transaction. Turnkey's rows are committed before a file leaves SRC, with a note of where it goes: a
     * crash in between leaves the file in SRC with its rows, and the next scan only finishes the move. Moving first
     * lost the file instead (in BAK, no rows: never sent), and committing without the note took it a second time.
     */
    private List<Filed> fileAll(List<UpCastFolders.Waiting> files, List<byte[]> contents, LocalDateTime at) {
        // Turnkey's own checks need nothing from its database: done before the transaction, not holding it open
        List<TurnkeyStage.Checked> checked = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            byte[] bytes = contents.get(i);
            checked.add(bytes.length <= EMPTY_FILE_BYTES ? null : stage.inspect(files.get(i).type(), bytes));
        }
        return tx.execute(s -> {
            List<String> seqNos = books.nextSeqNos(files.size());
            List<PlatformChecks.Message> accepted = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                TurnkeyStage.Checked c = checked.get(i);
                if (c != null && c.verdict().accepted()) {
                    accepted.add(new PlatformChecks.Message(files.get(i).type(), c.document(), c.verdict(), seqNos.get(i)));
                }
            }
            Iterator<PlatformAnswer> answers = platform.answerAll(accepted).iterator();
            String dts = books.now();
            TurnkeyLog.Rows rows = new TurnkeyLog.Rows();
            List<Filed> all = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                UpCastFolders.Waiting file = files.get(i);
                TurnkeyStage.Checked c = checked.get(i);
                Filed f = c == null ? empty(file, contents.get(i).length, seqNos.get(i), dts, rows)
                        : file(file, contents.get(i), c, c.verdict().accepted() ? answers.next() : null, seqNos.get(i),
                        dts, rows);
                rows.filings.add(new Object[]{folders.relative(file.file()), file.type().name(), f.folder(), at});
                all.add(f);
            }
            books.write(rows);
            return all;
        });
    }

    private Filed empty(UpCastFolders.Waiting file, int length, String seqNo, String dts, TurnkeyLog.Rows rows) {
        MigMessage type = file.type();
        String fileName = file.file().getFileName().toString();
        String uuid = UUID.randomUUID().toString();
        books.upCast(new TurnkeyLog.Entry(seqNo, uuid, type, null, null, dts, length, "E", null), fileName, rows);
        books.event(seqNo, null, uuid, TurnkeyLog.EMPTY, null, "檔案內容為空 the file has " + length + " bytes", fileName);
        log.info("Turnkey {} {} → E (empty file)", type, fileName);
        return new Filed(seqNo, "E", null, UpCastFolders.ERROR);
    }

    private Filed file(UpCastFolders.Waiting file, byte[] bytes, TurnkeyStage.Checked checked, PlatformAnswer answer,
                       String seqNo, String dts, TurnkeyLog.Rows rows) {
        MigMessage type = file.type();
        String fileName = file.file().getFileName().toString();
        String uuid = UUID.randomUUID().toString();
        TurnkeyStage.Verdict v = checked.verdict();
        String status = v.accepted() ? "P" : "E";
        books.upCast(new TurnkeyLog.Entry(seqNo, uuid, type, v.fromPartyId(), v.toPartyId(), dts, bytes.length, status,
                v.identifier()), fileName, rows);
        if (!v.accepted()) {
            books.event(seqNo, v.fromPartyId(), uuid, TurnkeyLog.REFUSED, v.code(), v.message(), fileName);
            log.info("Turnkey {} {} {} → E {} {}", type, v.identifier(), fileName, v.code(), v.message());
            return new Filed(seqNo, status, v, UpCastFolders.ERROR);
        }
        if (type.exchange() && answer.confirmedByPlatform() && settings.deliversTo(v.toPartyId())) {
            deliver(type, fileName, bytes);
        }
        // the platform's answer waits until Turnkey has sent the file (due_at is set then)
        rows.answers.add(new Object[]{seqNo, answer.status(), answer.code(), answer.message()});
        if (log.isDebugEnabled()) {
            log.debug("Turnkey {} {} {} → P; platform will answer {}{}", type, v.identifier(), fileName, answer.status(),
                    answer.confirmedByPlatform() ? "" : " " + answer.code() + " " + answer.message());
        }
        return new Filed(seqNo, status, v, UpCastFolders.BACKUP);
    }

    /**
     * The platform passes an exchange message on to its addressee, whose Turnkey unpacks it into
     * {@code DownCast/B2BEXCHANGE/<MSG>/SRC}: written beside SRC and renamed in, as a reader expects.
     */
    private void deliver(MigMessage type, String fileName, byte[] bytes) {
        Path src = settings.downcastDir().resolve(type.channel()).resolve(type.name()).resolve("SRC");
        try {
            Files.createDirectories(src);
            Path part = src.resolveSibling(fileName + ".part");
            Files.write(part, bytes);
            Files.move(part, src.resolve(fileName), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("DownCast " + src + " could not be written", e);
        }
        log.debug("Platform passed {} {} on to DownCast", type, fileName);
    }
}
