package tw.einvoice.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every secret the hub is given stays out of the repository, the hub's output and its database. The secrets are made
 * fresh for this run and each is used for real before anything is searched: the admin logs in, the API key submits an
 * invoice, finance is mailed over an authenticating SMTP server, the invoice goes to Turnkey over SFTP by password,
 * Turnkey's database (a password-only PostgreSQL role) confirms it, the seller's keystore signs it, the webhook
 * callback is signed, and a Shopee link and push are signed and checked with the partner key. The first-start banner
 * (printed once on stdout) is the one place a secret may appear; here it has none, since every secret was given.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SELLER = HubIntegrationTest.DEMO_SELLER;
    private static final String SHOPEE_CALLBACK = "https://hub.example.com/api/v1/shopee/push";
    private static final Path WORK = Path.of("target", "test-data", "secrets-" + UUID.randomUUID()).toAbsolutePath();

    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static GreenMail smtp;
    static SftpServer sftp;
    static EmbeddedPostgres turnkeyServer;
    static WebhookReceiver webhook;

    private static String secret(String name) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            s.append("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".charAt(RANDOM.nextInt(57)));
        }
        String value = name.equals("API key") ? "ehk_" + s + "Zq7" : s.toString();
        SECRETS.put(name, value);
        return value;
    }

    @BeforeAll
    static void secretsAndTheServersTheyOpen() throws Exception {
        secret("admin password");
        secret("API key");
        secret("SMTP password");
        secret("SFTP password");
        secret("Turnkey DB password");
        secret("Shopee partner key");
        secret("webhook secret");
        secret("keystore password");

        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.setUser("finance@hub.test", "hub-mailer", SECRETS.get("SMTP password"));
        smtp.start();

        sftp = new SftpServer(0, WORK.resolve("turnkey-host"), "turnkey", SECRETS.get("SFTP password"));
        Files.createDirectories(sftp.root().resolve("UpCast/B2SSTORAGE/F0401/SRC"));

        turnkeyServer = EmbeddedPostgres.builder().setDataDirectory(WORK.resolve("turnkey-db")).start();
        try (Connection c = turnkeyServer.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE turnkey LOGIN PASSWORD '" + SECRETS.get("Turnkey DB password") + "'");
            s.execute("CREATE DATABASE turnkey OWNER turnkey");
        }
        // the embedded server trusts everyone; the turnkey role must give its password
        Files.writeString(WORK.resolve("turnkey-db/pg_hba.conf"), """
                host all turnkey 127.0.0.1/32 scram-sha-256
                host all turnkey ::1/128 scram-sha-256
                host all all 127.0.0.1/32 trust
                host all all ::1/128 trust
                local all all trust
                """);
        try (Connection c = turnkeyServer.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(turnkeyUrl(), "turnkey", "not-the-password").close())
                .as("the Turnkey database asks for the password").isInstanceOf(SQLException.class);

        webhook = new WebhookReceiver(0, SECRETS.get("webhook secret"));
    }

    @AfterAll
    static void stopServers() throws IOException {
        webhook.close();
        sftp.close();
        turnkeyServer.close();
        smtp.stop();
    }

    private static String turnkeyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + turnkeyServer.getPort() + "/turnkey";
    }

    @Test
    void noSecretIsInTheRepositoryTheHubsOutputOrItsDatabaseAfterEachWasUsed(CapturedOutput output) throws Exception {
        Path knownHosts = Files.writeString(WORK.resolve("known_hosts"), sftp.knownHostsLine() + "\n");
        Path keystore = keystore(WORK.resolve(SELLER + ".p12"), SECRETS.get("keystore password"));
        Map<String, String> database = new LinkedHashMap<>();
        String sourceRef = "secrets-" + UUID.randomUUID();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).profiles("test").run(
                "--hub.data-dir=" + WORK.resolve("hub"), "--server.port=0",
                // the test profile names its own credentials, which HUB_ADMIN_PASSWORD / HUB_API_KEY would not replace
                "--hub.security.admin-password=" + SECRETS.get("admin password"),
                "--hub.security.api-key=" + SECRETS.get("API key"),
                // the variables an operator sets
                "--HUB_SMTP_HOST=127.0.0.1", "--HUB_SMTP_PORT=" + smtp.getSmtp().getPort(),
                "--HUB_SMTP_USERNAME=hub-mailer", "--HUB_SMTP_PASSWORD=" + SECRETS.get("SMTP password"),
                "--HUB_FINANCE_TO=finance@hub.test",
                "--HUB_TURNKEY_UPCAST=sftp://turnkey@127.0.0.1:" + sftp.port() + "/UpCast",
                "--HUB_TURNKEY_SFTP_PASSWORD=" + SECRETS.get("SFTP password"),
                "--HUB_TURNKEY_KNOWN_HOSTS=" + knownHosts,
                "--HUB_TURNKEY_DB_URL=" + turnkeyUrl(), "--HUB_TURNKEY_DB_USER=turnkey",
                "--HUB_TURNKEY_DB_PASSWORD=" + SECRETS.get("Turnkey DB password"),
                // the simulator plays the Turnkey host: it takes what arrives over SFTP and answers in Turnkey's database
                "--hub.platform.enabled=true", "--hub.platform.upcast-dir=" + sftp.root().resolve("UpCast"),
                "--HUB_SHOPEE_PARTNER_ID=2001234", "--HUB_SHOPEE_PARTNER_KEY=" + SECRETS.get("Shopee partner key"),
                "--HUB_SHOPEE_CALLBACK_URL=" + SHOPEE_CALLBACK,
                "--hub.signing.keystores." + SELLER + ".path=" + keystore,
                "--hub.signing.keystores." + SELLER + ".password=" + SECRETS.get("keystore password"),
                "--hub.callback.test.type=webhook", "--hub.callback.test.url=http://127.0.0.1:" + webhook.port() + "/results",
                "--hub.callback.test.secret=" + SECRETS.get("webhook secret"))) {
            String base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
            HubClient admin = new HubClient(base).basic("admin", SECRETS.get("admin password"));
            HubClient machine = new HubClient(base).bearer(SECRETS.get("API key"));

            // a login
            assertThat(admin.get("/api/v1/invoices?connector=test&sourceRef=none").status()).isEqualTo(404);
            assertThat(new HubClient(base).basic("admin", "wrong").get("/api/v1/invoices?connector=test&sourceRef=none")
                    .status()).isEqualTo(401);
            // an API call, and through it an SFTP upload, Turnkey's database, the keystore and the webhook
            assertThat(machine.post("/api/v1/invoices", Invoices.valid(sourceRef)).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(120)).until(() -> "CONFIRMED".equals(
                    machine.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body().get("status").asText()));
            JsonNode view = machine.get("/api/v1/invoices?connector=test&sourceRef=" + sourceRef).body();
            assertThat(sftp.renamedIn()).as("uploaded over SFTP").anyMatch(f -> f.contains(view.get("invoiceNumber").asText()));
            assertThat(view.get("messages").get(0).get("archive").get("signed").asBoolean()).as("signed with the keystore")
                    .isTrue();
            assertThat(view.get("messages").get(0).get("archive").get("signer").asText()).contains("secrets test");
            await().atMost(Duration.ofSeconds(60)).until(() -> webhook.accepted().stream()
                    .anyMatch(r -> r.signatureValid() && r.body().contains("CONFIRMED") && r.body().contains(sourceRef)));
            // a mail: the keystore's certificate expires within a week, and finance is told at start
            await().atMost(Duration.ofSeconds(60)).until(() -> java.util.Arrays.stream(smtp.getReceivedMessages())
                    .anyMatch(m -> subject(m).contains("Certificate expires")));
            // Shopee: a signed authorisation link, and a push checked against the partner key
            HubClient.Response link = admin.get("/api/v1/shopee/authorize");
            assertThat(link.status()).isEqualTo(200);
            assertThat(link.body().get("authorizeUrl").asText()).as("Shopee's signed link").contains("partner_id=2001234")
                    .containsPattern("sign=[0-9a-f]{64}");
            assertThat(shopeePush(base, "{\"code\":0,\"shop_id\":1,\"timestamp\":1}", SECRETS.get("Shopee partner key")))
                    .as("a genuine push").isEqualTo(200);
            assertThat(shopeePush(base, "{\"code\":0,\"shop_id\":1,\"timestamp\":1}", "not-the-key"))
                    .as("a forged push").isEqualTo(401);

            database.putAll(textOf(hub.getBean(DataSource.class), "hub"));
            database.putAll(textOf(turnkeyServer.getDatabase("postgres", "turnkey"), "turnkey"));
        }
        String hubOutput = withoutFirstStartBanner(output.getAll());

        assertThat(database).as("the search sees what is there").hasEntrySatisfying("hub.invoice.source_ref",
                values -> assertThat(values).contains(sourceRef));
        assertThat(hubOutput).as("the search sees what is there").contains("Tomcat started on port")
                .contains("Routes startup (total:");
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            for (String fragment : fragments(secret.getKey(), secret.getValue())) {
                assertThat(database.entrySet()).as("a column holding part of the %s", secret.getKey())
                        .noneMatch(column -> column.getValue().contains(fragment));
                assertThat(hubOutput).as("part of the %s in the hub's output", secret.getKey()).doesNotContain(fragment);
            }
        }
        assertThat(Repository.filesContaining(List.of("einvoice-hub"))).as("the search sees what is there").isNotEmpty();
        assertThat(Repository.filesContaining(List.copyOf(SECRETS.values()))).as("tracked files holding a secret").isEmpty();
    }

    /**
     * What no run can show: a credential someone committed. No tracked file holds a private key or a keystore, and every
     * secret-named setting of the shipped configuration (application*.yaml, docker/, routes/, connectors/) is a
     * placeholder for the environment with no default; the demo's compose file alone may default to {@code demo}.
     */
    @Test
    void noTrackedFileHoldsAPrivateKeyOrKeystoreAndShippedSettingsTakeEverySecretFromTheEnvironment() throws Exception {
        List<String> tracked = Repository.tracked();
        assertThat(tracked).as("the search sees what is there").contains("src/main/resources/application.yaml", "docker/compose.yaml");

        assertThat(tracked).as("keystores in the repository")
                .noneMatch(f -> f.matches("(?i).*\\.(p12|pfx|jks|jceks|keystore)$"));
        java.util.regex.Pattern privateKey = java.util.regex.Pattern.compile("-----BEGIN ([A-Z]+ )?PRIVATE KEY-----");
        List<String> withKeys = new ArrayList<>();
        for (String name : tracked) {
            Path file = Path.of(name);
            if (Files.isRegularFile(file) && Files.size(file) < 5_000_000
                    && privateKey.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).find()) {
                withKeys.add(name);
            }
        }
        assertThat(withKeys).as("tracked files holding a private key").isEmpty();

        java.util.regex.Pattern setting = java.util.regex.Pattern.compile(
                "^\\s*([A-Za-z0-9_.-]*(?i:password|secret|passphrase|partner-key|api-key|private-key)[A-Za-z0-9_.-]*)\\s*:\\s*(.*?)\\s*$");
        java.util.regex.Pattern placeholder = java.util.regex.Pattern.compile(
                "\"?(\\$\\{[A-Za-z0-9_.]+(:|:-|:\\?[^}]*)?}|RAW\\(\\{\\{[A-Za-z0-9_.?]+}}\\)|\\{\\{[A-Za-z0-9_.?]+}})\"?");
        List<String> literal = new ArrayList<>();
        int checked = 0;
        for (String name : tracked) {
            boolean shipped = name.matches("src/main/resources/application[^/]*\\.ya?ml|docker/.*\\.ya?ml|routes/.*\\.ya?ml|connectors/.*\\.ya?ml");
            if (!shipped || name.contains("demo")) {
                continue;
            }
            List<String> lines = Files.readAllLines(Path.of(name), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                var m = setting.matcher(lines.get(i));
                if (lines.get(i).strip().startsWith("#") || !m.matches()) {
                    continue;
                }
                checked++;
                String value = m.group(2).replaceAll("\\s+#.*$", "");
                if (!value.isEmpty() && !placeholder.matcher(value).matches()) {
                    literal.add(name + ":" + (i + 1) + " " + m.group(1));
                }
            }
        }
        assertThat(checked).as("secret-named settings looked at").isGreaterThan(20);
        assertThat(literal).as("secret settings with a value written into shipped configuration").isEmpty();
    }

    /**
     * Every ten characters in a row of a secret: a log line or column cut short still gives itself away. The API key's
     * own id ({@code ehk_} and six characters) is no part of its secret and is kept in the clear.
     */
    static List<String> fragments(String name, String secret) {
        List<String> fragments = new ArrayList<>();
        for (int i = name.equals("API key") ? 1 : 0; i + 10 <= secret.length(); i++) {
            fragments.add(secret.substring(i, i + 10));
        }
        return fragments;
    }

    private static String subject(jakarta.mail.internet.MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything printed but the first-start banner, the one place a generated secret is shown. */
    static String withoutFirstStartBanner(String output) {
        return output.replaceAll("(?s)=== einvoice-hub first start \\(shown once; keep these\\) ===.*?\\n=+\\n", "");
    }

    /**
     * The text of every text-like, JSON, XML, array or bytea column of every table, by {@code <label>.<table>.<column>}
     * (all rows of a column in one string): the hub's database after one walk is small enough to read whole.
     */
    static Map<String, String> textOf(DataSource database, String label) throws SQLException {
        Map<String, String> text = new LinkedHashMap<>();
        try (Connection c = database.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("""
                    SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                    FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
                      AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'xml',
                                          'ARRAY')""")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            assertThat(columns).as("text columns of %s", label).isNotEmpty();
            for (String[] col : columns) {
                String column = "\"" + col[2] + "\"";
                // bytea as its bytes read as text (Quartz's job data, archive signatures), the rest as PostgreSQL prints it
                String asText = col[3].equals("bytea") ? "encode(" + column + ", 'escape')" : column + "::text";
                StringBuilder all = new StringBuilder();
                try (var rs = c.createStatement().executeQuery("SELECT " + asText + " FROM \"" + col[0] + "\".\""
                        + col[1] + "\" WHERE " + column + " IS NOT NULL")) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
                text.put(label + "." + col[1] + "." + col[2], all.toString());
            }
        }
        return text;
    }

    /** A Shopee push as Shopee signs it: HMAC-SHA256 of "callback URL|body" with the partner key, hex. */
    private static int shopeePush(String base, String body, String partnerKey) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(partnerKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((SHOPEE_CALLBACK + "|" + body).getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/shopee/push"))
                .header("Content-Type", "application/json").header("Authorization", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The seller's PKCS#12 as its certificate authority hands it out, its certificate expiring in five days. */
    private static Path keystore(Path file, String password) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=secrets test, O=" + SELLER);
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(360, ChronoUnit.DAYS)),
                Date.from(now.plus(5, ChronoUnit.DAYS)), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("seller", pair.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** The repository's tracked files, as git lists them. */
    static final class Repository {

        static List<String> tracked() throws IOException, InterruptedException {
            Process git = new ProcessBuilder("git", "ls-files", "-z").redirectErrorStream(true).start();
            String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(git.waitFor()).as("git ls-files: %s", listing).isZero();
            return java.util.Arrays.stream(listing.split("\0")).filter(n -> !n.isEmpty()).toList();
        }

        static List<String> filesContaining(List<String> needles) throws IOException, InterruptedException {
            Process git = new ProcessBuilder("git", "ls-files", "-z").redirectErrorStream(true).start();
            String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(git.waitFor()).as("git ls-files: %s", listing).isZero();
            List<String> hits = new ArrayList<>();
            for (String name : listing.split("\0")) {
                Path file = Path.of(name);
                if (name.isEmpty() || !Files.isRegularFile(file)) {
                    continue;
                }
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String needle : needles) {
                    if (content.contains(needle)) {
                        hits.add(name + ": " + needle);
                    }
                }
            }
            return hits;
        }
    }
}
