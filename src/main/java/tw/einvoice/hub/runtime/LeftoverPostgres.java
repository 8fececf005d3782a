package tw.einvoice.hub.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * What a hub killed with {@code kill -9} leaves in its embedded database folder, cleared before the next start.
 * {@code pg_ctl} detaches PostgreSQL from the JVM that started it, so the server outlives a killed hub, still holding
 * the folder and its port: the next start found "another postmaster running" and gave up. Or the server died with
 * the hub (a container's whole process group killed), and {@code postmaster.pid} names a process that no longer
 * exists, which PostgreSQL handles itself, or, after a restart of the machine or container, one that is now
 * something else, which it does not.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    /** The lock file the embedded server's owner holds for as long as it runs (zonky's). */
    static final String OWNER_LOCK = "epg-lock";
    static final String PID_FILE = "postmaster.pid";

    private LeftoverPostgres() {
    }

    /**
     * Stops a PostgreSQL left running on {@code pgData} by a hub that is gone, and removes a {@code postmaster.pid}
     * that names a process other than a PostgreSQL on this folder. Refuses, before touching anything, when a running
     * hub still owns the folder.
     *
     * @param patience how long a smart shutdown may take before the server and its backends are killed
     */
    static void clear(Path pgData, Duration patience) throws IOException {
        Path pidFile = pgData.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        refuseWhenOwned(pgData);
        Optional<Long> pid = postmasterPid(pidFile);
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // PostgreSQL itself sees that the process is gone and takes the folder over
        }
        Optional<Boolean> ours = runsOn(process.get(), pgData);
        if (ours.isEmpty()) {
            log.warn("{} names process {}, which may or may not be a PostgreSQL on this folder (cannot tell): left as it is",
                    pidFile, pid.get());
        } else if (ours.get()) {
            stop(process.get(), pgData, patience);
        } else {
            // the number was handed to another program since (a restarted container counts from 1 again)
            log.warn("{} names process {}, which is not a PostgreSQL on this folder: the file is stale, removing it",
                    pidFile, pid.get());
            Files.deleteIfExists(pidFile);
        }
    }

    /** The embedded server's owner holds its lock file while it runs; nobody may take a folder a live hub uses. */
    private static void refuseWhenOwned(Path pgData) throws IOException {
        Path lock = pgData.resolve(OWNER_LOCK);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw owned(pgData, "another process");
            }
            held.release();
        } catch (OverlappingFileLockException e) {
            throw owned(pgData, "this process");
        }
    }

    private static IllegalStateException owned(Path pgData, String who) {
        return new IllegalStateException("The embedded database folder " + pgData + " is in use by a running hub ("
                + who + " holds " + OWNER_LOCK + "): stop that hub first, or give this one its own HUB_DATA_DIR");
    }

    private static Optional<Long> postmasterPid(Path pidFile) throws IOException {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // half-written by a server that died starting: PostgreSQL overwrites it
        }
    }

    /**
     * Whether the process is a PostgreSQL server on {@code pgData}; empty when it cannot be told. A postmaster works
     * in its data folder, so its working directory says it best; its {@code -D} argument is the next best thing.
     */
    static Optional<Boolean> runsOn(ProcessHandle process, Path pgData) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Optional.of(Files.isSameFile(cwd.toRealPath(), pgData.toRealPath()));
        } catch (IOException | SecurityException e) {
            // not Linux, or not ours to look into: go by its command line
        }
        ProcessHandle.Info info = process.info();
        Optional<String[]> arguments = info.arguments();
        if (arguments.isPresent()) {
            String[] args = arguments.get();
            for (int i = 0; i + 1 < args.length; i++) {
                if ("-D".equals(args[i])) {
                    return Optional.of(Path.of(args[i + 1]).toAbsolutePath().normalize()
                            .equals(pgData.toAbsolutePath().normalize()));
                }
            }
        }
        return info.command().filter(c -> !c.endsWith("postgres")).map(c -> false);
    }

    private static void stop(ProcessHandle postmaster, Path pgData, Duration patience) {
        long started = System.nanoTime();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        log.warn("PostgreSQL (pid {}) is still running on {}, left by a hub that did not stop (killed?): stopping it "
                + "before starting again", postmaster.pid(), pgData);
        // SIGTERM is PostgreSQL's smart shutdown: the dead hub's sessions are already gone, so it checkpoints and exits
        postmaster.destroy();
        if (!exited(postmaster, patience)) {
            log.warn("PostgreSQL (pid {}) did not shut down within {}: killing it and its {} backends (the next start "
                    + "recovers from its write-ahead log)", postmaster.pid(), patience, backends.size());
            postmaster.destroyForcibly();
            backends.forEach(ProcessHandle::destroyForcibly);
        }
        // a new server cannot start while old backends still hold the shared memory
        for (ProcessHandle p : Stream.concat(Stream.of(postmaster), backends.stream()).toList()) {
            if (!exited(p, patience)) {
                throw new IllegalStateException("PostgreSQL process " + p.pid() + " left on " + pgData
                        + " could not be stopped: stop it by hand, then start the hub again");
            }
        }
        log.info("PostgreSQL left on {} stopped in {} ms", pgData, (System.nanoTime() - started) / 1_000_000);
    }

    private static boolean exited(ProcessHandle process, Duration patience) {
        try {
            process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
