package tw.einvoice.hub.crash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged hub as a process of its own: started from its jar on a data folder, asked for its health, killed with
 * SIGKILL (alone, or together with the PostgreSQL it started, as a container's end kills every process in it) and
 * started again. Its output of every start goes to one log file. The HTTP port is the one the hub binds itself
 * ({@code SERVER_PORT=0}), read from the line Tomcat logs once it listens.
 */
public final class HubProcess {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Pattern LISTENING = Pattern.compile("Tomcat started on port (\\d+)");

    private final List<String> command;
    private final Path workDir;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final Path log;
    private long logFrom;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Process process;
    private volatile URI base;
    private int starts;

    HubProcess(Path java, Path jar, Path workDir, Path dataDir, Map<String, String> environment, Path log) {
        this(List.of(java.toString(), "-jar", jar.toAbsolutePath().toString()), workDir, dataDir, environment, log);
    }

    /** A hub started by any command line (the jar, or a class path and the main class when there is no jar yet). */
    public HubProcess(List<String> command, Path workDir, Path dataDir, Map<String, String> environment, Path log) {
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** Starts the hub; returns at once (see {@link #awaitUp}). */
    public void start() {
        try {
            Files.writeString(log, "%n===== start %d at %s =====%n".formatted(++starts, Instant.now()), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            base = null;
            logFrom = Files.size(log);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the hub could not be started from " + command, e);
        }
    }

    /** Waits until the hub answers {@code UP} on /actuator/health; false when it died or the time ran out. */
    public boolean awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (up()) {
                return true;
            }
            pause();
        }
        return false;
    }

    /** Whether the hub answers UP now (its port known and its health page saying so). */
    boolean up() {
        URI uri = base().orElse(null);
        if (uri == null) {
            return false;
        }
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The hub's address once it listens; empty before, and after it was killed. */
    public Optional<URI> base() {
        if (base == null && process != null && process.isAlive()) {
            try (RandomAccessFile output = new RandomAccessFile(log.toFile(), "r")) {
                output.seek(logFrom);
                byte[] since = new byte[(int) Math.min(Integer.MAX_VALUE, output.length() - logFrom)];
                output.readFully(since);
                Matcher listening = LISTENING.matcher(new String(since, StandardCharsets.UTF_8));
                if (listening.find()) {
                    base = URI.create("http://127.0.0.1:" + listening.group(1));
                }
            } catch (IOException e) {
                // the log is being written; look again next time
            }
        }
        return Optional.ofNullable(base);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * SIGKILL to the hub's JVM and, with {@code withDatabase}, to the PostgreSQL server it started and that server's
     * backends (which otherwise outlive it); returns once all of them are gone. Returns the pids killed.
     */
    List<Long> kill(boolean withDatabase) {
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(process.toHandle());
        if (withDatabase) {
            HubDatabase.postmasterPid(dataDir).flatMap(ProcessHandle::of).ifPresent(postmaster -> {
                victims.add(postmaster);
                victims.addAll(postmaster.descendants().toList());
            });
        }
        base = null;
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : victims) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + p.pid() + " did not die after SIGKILL", e);
            }
        }
        return victims.stream().map(ProcessHandle::pid).toList();
    }

    /** A graceful stop (SIGTERM), as at the end of the run. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                kill(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(true);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
