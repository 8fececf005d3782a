package tw.einvoice.hub.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tw.einvoice.hub.bench.BenchBroker;
import tw.einvoice.hub.crash.CallbackReceiver;
import tw.einvoice.hub.crash.HubProcess;
import tw.einvoice.hub.invoice.InvoiceJson;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real engines of {@code bench --nodes N}, started from what Maven delivered and stopped again: the embedded
 * PostgreSQL binaries as one standalone server (databases {@code hub} and {@code turnkey}), an Artemis broker in a JVM
 * of its own ({@link BenchBroker}), and hub nodes as {@code java -jar} processes, each on its own port and data folder,
 * all on that server and broker through the documented {@code HUB_*} variables and sharing one Turnkey folder tree.
 * Node 1 runs the Turnkey simulator (asked for explicitly, as {@code SimulatorGuard} wants beside external servers),
 * the others do not. The bench connector's results go to a webhook of the bench's own, which counts deliveries.
 * Everything is stopped and the temporary folder removed on {@link #close()}, and by a shutdown hook on Ctrl-C.
 */
final class BenchCluster implements AutoCloseable {

    /** The connector the bench's invoices come from ({@code BenchMigCommand.sample}). */
    static final String CONNECTOR = "bench";
    static final String CALLBACK_SECRET = "bench-callback-secret-not-for-use";
    static final String METRICS_KEY = "bench-metrics-key-not-for-use-0000";
    // a hub JVM starts in 30 s on an idle machine; under a load average of 50 on 2 cores it took more than 5 minutes
    private static final Duration NODE_START = Duration.ofMinutes(15);

    private final Path dir;
    private final List<String> launch;
    private final List<String> brokerLaunch;
    private final PrintWriter err;
    private final Thread hook = new Thread(this::stopAll, "bench-cluster-stop");
    private final List<HubProcess> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedPostgres postgres;
    private Process broker;
    private int brokerPort;
    private CallbackReceiver callbacks;
    private boolean stopped;
    private final String demoRangeEnd;

    /**
     * @param jar      the hub's jar, or null to start nodes and broker from this JVM's class path (tests, before packaging)
     * @param invoices how many invoices the run numbers in all: the demo range is made to hold them
     */
    BenchCluster(Path jar, PrintWriter err, long invoices) throws IOException {
        this.dir = Files.createTempDirectory("hub-bench-nodes");
        this.err = err;
        this.demoRangeEnd = BenchEndToEnd.demoRangeEnd(invoices);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (jar != null) {
            String path = jar.toAbsolutePath().toString();
            launch = List.of(java, "-XX:+ExitOnOutOfMemoryError", "-jar", path);
            brokerLaunch = List.of(java, "-Xmx512m", "-cp", path, "-Dloader.main=" + BenchBroker.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            String classPath = System.getProperty("java.class.path");
            launch = List.of(java, "-XX:+ExitOnOutOfMemoryError", "-cp", classPath, "tw.einvoice.hub.HubApplication");
            brokerLaunch = List.of(java, "-Xmx512m", "-cp", classPath, BenchBroker.class.getName());
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** PostgreSQL, the broker and the webhook; no node yet. */
    void startEngines() throws Exception {
        // the CLI has no logging settings of its own: zonky's INFO lines (initdb, every server line) are not the bench's output
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        err.println("bench: starting PostgreSQL (standalone) and Artemis (own JVM) in " + dir);
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createDirectories(dir.resolve("postgres")))
                .setCleanDataDirectory(true).setServerConfig("max_connections", "300")
                // as the hub's embedded default: an acknowledged commit survives a crash
                .setServerConfig("synchronous_commit", "on").start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE hub");
            s.execute("CREATE DATABASE turnkey");
        }
        brokerPort = freePort();
        List<String> command = new ArrayList<>(brokerLaunch);
        command.add(dir.resolve("artemis").toString());
        command.add(String.valueOf(brokerPort));
        broker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!listening(brokerPort)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Artemis broker did not start: " + tail(dir.resolve("broker.log")));
            }
            Thread.sleep(200);
        }
        callbacks = new CallbackReceiver(CALLBACK_SECRET);
        Files.createDirectories(dir.resolve("turnkey"));
    }

    /** Starts nodes until there are {@code total}, all at once, and waits until each answers UP. */
    void startNodes(int total) throws Exception {
        List<HubProcess> starting = new ArrayList<>();
        while (nodes.size() < total) {
            int n = nodes.size() + 1;
            Path data = Files.createDirectories(dir.resolve("node-" + n));
            HubProcess node = new HubProcess(launch, Path.of("").toAbsolutePath(), data, environment(n, data),
                    dir.resolve("node-" + n + ".log"));
            node.start();
            nodes.add(node);
            starting.add(node);
        }
        for (HubProcess node : starting) {
            if (!node.awaitUp(NODE_START)) {
                throw new IllegalStateException("hub node " + (nodes.indexOf(node) + 1) + " did not come up: "
                        + tail(node.log()));
            }
        }
        err.println("bench: " + nodes.size() + " hub node(s) up: " + nodes.stream()
                .map(p -> p.base().map(URI::toString).orElse("?")).toList());
    }

    private Map<String, String> environment(int n, Path data) {
        Path turnkey = dir.resolve("turnkey");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", "0");
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_DB_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/hub");
        env.put("HUB_DB_USER", "postgres");
        env.put("HUB_DB_PASSWORD", "postgres");
        env.put("HUB_ARTEMIS_URL", "tcp://127.0.0.1:" + brokerPort);
        env.put("HUB_TURNKEY_DB_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/turnkey");
        env.put("HUB_TURNKEY_DB_USER", "postgres");
        env.put("HUB_TURNKEY_DB_PASSWORD", "postgres");
        env.put("HUB_TURNKEY_UPCAST", "file:" + turnkey.resolve("UpCast"));
        env.put("HUB_EXCHANGE_UPCAST_DIR", turnkey.resolve("UpCast").toString());
        env.put("HUB_TURNKEY_DOWNCAST", turnkey.resolve("DownCast").toString());
        env.put("HUB_TURNKEY_SUMMARY_RESULTS", "file:" + turnkey.resolve("UnPack/BAK/SummaryResult"));
        env.put("HUB_TURNKEY_E0501_DIR", turnkey.resolve("UnPack/BAK/E0501").toString());
        env.put("HUB_TURNKEY_E0504_DIR", turnkey.resolve("UnPack/BAK/E0504").toString());
        // the simulator on node 1 only, asked for by name (SimulatorGuard refuses it unasked beside external servers)
        env.put("HUB_SIMULATOR_ENABLED", String.valueOf(n == 1));
        env.put("HUB_ADMIN_PASSWORD", "bench");
        env.put("HUB_API_KEY", BenchEndToEnd.KEY);
        env.put("HUB_METRICS_API_KEY", METRICS_KEY);
        env.put("HUB_API_RATE_LIMIT_RPS", "1000000");
        env.put("HUB_API_RATE_LIMIT_BURST", "1000000");
        env.put("HUB_CALLBACK_POLL_INTERVAL", "500");
        env.put("HUB_DROP_SETTLE_TIME", "200");
        // a run beyond the default demo range would leave its last invoices waiting for numbers
        env.put("HUB_DEMO_RANGE_END", demoRangeEnd);
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("upcast-dir", turnkey.resolve("UpCast").toString());
        platform.put("summary-dir", turnkey.resolve("UnPack/BAK/SummaryResult").toString());
        platform.put("processing-delay", "PT0S");
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("platform", platform);
        hub.put("turnkey", Map.of("poll-interval", "PT0.2S"));
        // the bench's invoices name their connector (BenchMigCommand.sample): its results go to the bench's webhook
        hub.put("callback", Map.of(CONNECTOR, Map.of("type", "webhook", "url", callbacks.url(), "secret", CALLBACK_SECRET)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hub", hub);
        // WARN, but the line HubProcess reads the port from
        json.put("logging", Map.of("level", Map.of("root", "WARN", "tw.einvoice.hub", "WARN",
                "org.springframework.boot.web.embedded.tomcat", "INFO")));
        try {
            env.put("SPRING_APPLICATION_JSON", InvoiceJson.mapper().writeValueAsString(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return env;
    }

    List<HubProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** The API base of every node, in start order. */
    List<URI> apis() {
        return nodes.stream().map(n -> n.base().orElseThrow(() -> new IllegalStateException("a node stopped listening")))
                .toList();
    }

    DataSource hubDatabase() {
        return postgres.getDatabase("postgres", "hub");
    }

    DataSource turnkeyDatabase() {
        return postgres.getDatabase("postgres", "turnkey");
    }

    CallbackReceiver callbacks() {
        return callbacks;
    }

    /** A node's Prometheus page (the metrics key's one permission), or empty when it does not answer. */
    String prometheus(HubProcess node) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.base().orElseThrow().resolve("/actuator/prometheus"))
                    .header("Authorization", "Bearer " + METRICS_KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Sum of a Prometheus metric's samples whose labels contain every one of {@code labels}. */
    static double metric(String page, String name, String... labels) {
        double sum = 0;
        for (String line : page.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The kernel's high-water mark of a process's resident set, in MB; -1 where there is none. */
    static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: no figure rather than a wrong one
        }
        return -1;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stopAll, which has run
        }
    }

    /** Nodes first (they hold connections to the others), then the broker, the webhook and PostgreSQL; then the folder. */
    private synchronized void stopAll() {
        if (stopped) {
            return;
        }
        stopped = true;
        nodes.parallelStream().forEach(HubProcess::stop);
        if (broker != null) {
            broker.destroy();
            try {
                if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                broker.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (callbacks != null) {
            callbacks.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                err.println("bench: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            err.println("bench: could not remove " + dir + ": " + e.getMessage());
        }
        err.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String runId() {
        return "B" + UUID.randomUUID().toString().substring(0, 8);
    }
}
