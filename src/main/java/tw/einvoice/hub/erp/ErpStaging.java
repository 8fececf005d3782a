package tw.einvoice.hub.erp;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.runtime.OutageBoard;
import tw.einvoice.hub.runtime.Outages;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The bean behind the {@code erp-sql-source} and {@code erp-sql-sink} Kamelets (bean name {@code erpStaging}).
 * An ERP without {@code hub.erp.<name>.url} is off: polling it returns nothing, so shipped example routes cost
 * nothing until configured.
 */
@Component("erpStaging")
public class ErpStaging implements AutoCloseable {

    /** Header the source sets on each record: which ERP it came from (for writing the intake verdict back). */
    public static final String ERP_NAME = "hub.erp.name";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(ErpStaging.class);

    private final Environment env;
    private final Map<String, ErpDatabase> databases = new ConcurrentHashMap<>();
    // claimed_by: which node holds a row, for people reading the ERP table
    private final String node;
    private final OutageBoard board;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    // per ERP that is down: when its staging table is read again, and the wait after that
    private final Map<String, java.time.Instant> nextRead = new ConcurrentHashMap<>();
    private final Map<String, Duration> readWait = new ConcurrentHashMap<>();

    ErpStaging(Environment env, OutageBoard board) {
        this.env = env;
        this.board = board;
        this.backoffInitial = env.getProperty("hub.erp.outage-backoff-initial", Duration.class, Duration.ofSeconds(1));
        this.backoffMax = env.getProperty("hub.erp.outage-backoff-max", Duration.class, Duration.ofMinutes(1));
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "hub";
        }
        this.node = (host + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The configured ERP of this name, connected on first use. */
    public Optional<ErpDatabase> database(String name) {
        String url = env.getProperty("hub.erp." + name + ".url");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(databases.computeIfAbsent(name, n -> new ErpDatabase(new ErpSettings(n, url,
                env.getProperty("hub.erp." + n + ".user"), env.getProperty("hub.erp." + n + ".password"),
                env.getProperty("hub.erp." + n + ".table"), env.getProperty("hub.erp." + n + ".lines-table"),
                env.getProperty("hub.erp." + n + ".result-procedure"),
                env.getProperty("hub.erp." + n + ".claim-timeout", Duration.class)),
                env.getProperty("hub.erp." + n + ".connection-timeout", Duration.class, Duration.ofSeconds(10)))));
    }

    /**
     * Source: the next batch of claimed rows; empty when this ERP is not configured. An ERP database that cannot be
     * reached is an outage ({@code erp:<name>} on the {@link OutageBoard}): its table is read again after a wait that
     * doubles from {@code hub.erp.outage-backoff-initial} to {@code hub.erp.outage-backoff-max}, polls in between
     * answer nothing, and the first read that works ends the outage. Rows stay NEW in the ERP meanwhile.
     */
    public List<ErpRecord> claim(@ExchangeProperty("erp.name") String name, @ExchangeProperty("erp.batchSize") Integer batchSize) {
        java.time.Instant due = nextRead.get(name);
        if (due != null && java.time.Instant.now().isBefore(due)) {
            return List.of();
        }
        return reaching(name, () -> database(name).map(db -> db.claim(batchSize == null ? 50 : batchSize, node)).orElse(List.of()));
    }

    /** The outage board's name of an ERP. */
    static String part(String name) {
        return "erp:" + name;
    }

    /** Runs one use of the ERP's database and tells the outage board how it went. */
    <T> T reaching(String name, java.util.function.Supplier<T> use) {
        try {
            T result = use.get();
            if (nextRead.remove(name) != null | readWait.remove(name) != null) {
                log.info("ERP {} answers again", name);
            }
            board.up(part(name));
            return result;
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                Duration wait = readWait.merge(name, backoffInitial,
                        (was, first) -> was.multipliedBy(2).compareTo(backoffMax) > 0 ? backoffMax : was.multipliedBy(2));
                nextRead.put(name, java.time.Instant.now().plus(wait));
                board.down(part(name), e.getClass().getSimpleName() + ": " + e.getMessage());
                log.warn("ERP {} unreachable, next read in {}: {}", name, wait, e.getMessage());
            }
            throw e;
        }
    }

    /** After {@code direct:intake}: ACCEPTED/DUPLICATE marks the row accepted, REJECTED writes the violations. */
    public void intakeResult(@Header(ERP_NAME) String name, @Header("hub.sourceRef") String sourceRef,
                             @Body List<IntakeOutcome> outcomes) {
        ErpDatabase db = database(name).orElseThrow(() -> new IllegalStateException("hub.erp." + name + ".url is not set"));
        for (IntakeOutcome o : outcomes) {
            String ref = o.sourceRef() != null ? o.sourceRef() : sourceRef;
            // unwritten (the ERP went away after the claim), the row's claim times out and intake sees it again: DUPLICATE
            reaching(name, () -> {
                if (o.rejected()) {
                    List<Violation> vs = o.violations() == null ? List.of() : o.violations();
                    String codes = vs.stream().map(v -> String.valueOf(v.code())).distinct().collect(Collectors.joining(","));
                    String text = vs.stream().map(v -> v.code() + " " + v.field() + ": " + v.messageEn()).collect(Collectors.joining("; "));
                    db.intakeResult(ref, false, codes.isEmpty() ? "REJECTED" : truncate(codes, 64), text);
                } else {
                    db.intakeResult(ref, true, null, null);
                }
                return null;
            });
        }
    }

    /**
     * Sink: writes one result-callback payload (JSON with sourceRef, invoiceNumber, randomCode, status, errorCode,
     * errorMessage) into the ERP.
     */
    public void writeResult(@ExchangeProperty("erp.name") String name, @Body String json) throws java.io.IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = JSON.readValue(json, Map.class);
        ErpDatabase db = database(name).orElseThrow(() -> new IllegalStateException("hub.erp." + name + ".url is not set"));
        db.result(text(payload.get("sourceRef")), text(payload.get("invoiceNumber")), text(payload.get("randomCode")),
                text(payload.get("status")), text(payload.get("errorCode")), text(payload.get("errorMessage")));
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        databases.values().forEach(ErpDatabase::close);
        log.debug("ERP pools closed");
    }
}
