package tw.einvoice.hub.signing;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.notify.Mailer;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads every seller's certificate (configured keystores, and test certificates the hub made) once at start and
 * then daily, and mails finance when one comes within a warning threshold of its expiry, has expired, or cannot be
 * read. Each warning is claimed in {@code certificate_alert} before it is mailed, so several hub instances and
 * repeated checks mail it once; a mail the server refused is un-claimed, so the next check tries again.
 */
@Component
class CertificateWatch {

    private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

    private final SigningProperties settings;
    private final SigningKeys keys;
    private final SellerDirectory sellers;
    private final JdbcClient jdbc;
    private final Mailer mailer;
    private final Clock clock;

    CertificateWatch(SigningProperties settings, SigningKeys keys, SellerDirectory sellers, JdbcClient jdbc, Mailer mailer,
                     Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.sellers = sellers;
        this.jdbc = jdbc;
        this.mailer = mailer;
        this.clock = clock;
    }

    // on its own thread: a slow mail server must not hold up the start
    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        Thread check = new Thread(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("Certificate check at start failed, the daily check will run it again: {}", e.getMessage());
            }
        }, "certificate-watch");
        check.setDaemon(true);
        check.start();
    }

    /** Checks every seller's certificate now; returns the alerts this call claimed (mailed, or logged without mail). */
    List<CertificateAlert> check() {
        Instant now = clock.instant();
        TreeSet<String> bans = new TreeSet<>(settings.keystores().keySet());
        sellers.all().forEach(s -> bans.add(s.id()));
        List<CertificateAlert> raised = new ArrayList<>();
        for (String ban : bans) {
            try {
                due(ban, now).filter(this::claim).ifPresent(alert -> {
                    if (mail(alert)) {
                        raised.add(alert);
                    }
                });
            } catch (RuntimeException e) {
                // one seller's bad setting (a key that is no BAN) must not hide the others' expiries
                log.warn("Certificate check of seller {} failed: {}", ban, e.getMessage());
            }
        }
        return raised;
    }

    private Optional<CertificateAlert> due(String ban, Instant now) {
        String name = sellers.find(ban).map(Seller::name).orElse(null);
        try {
            return keys.reread(ban).flatMap(key -> CertificateAlert.expiry(ban, name, key, now, settings.expiryWarnings()));
        } catch (IllegalStateException | UncheckedIOException e) {
            return Optional.of(CertificateAlert.unreadable(ban, name, e.getMessage(),
                    now.atZone(CertificateAlert.TAIPEI).toLocalDate()));
        }
    }

    /** The daily check, on Quartz's clustered store: however many hub instances run, one of them checks. */
    @DisallowConcurrentExecution
    static class DailyCheck implements Job {
        private final CertificateWatch watch;

        DailyCheck(CertificateWatch watch) {
            this.watch = watch;
        }

        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                watch.check();
            } catch (RuntimeException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    private boolean claim(CertificateAlert alert) {
        return jdbc.sql("""
                        INSERT INTO certificate_alert (seller_id, about, alert, not_after) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(alert.sellerId(), alert.about(), alert.alert(),
                        alert.notAfter() == null ? null : Timestamp.from(alert.notAfter()))
                .update() == 1;
    }

    private boolean mail(CertificateAlert alert) {
        try {
            if (!mailer.send(mailer.financeTo(), alert.subject(), alert.text())) {
                log.warn("{} (no mail server or hub.notify.finance-to: only logged)\n{}", alert.subject(), alert.text());
            } else {
                log.info("Mailed finance: {}", alert.subject());
            }
            return true;
        } catch (RuntimeException e) {
            jdbc.sql("DELETE FROM certificate_alert WHERE seller_id = ? AND about = ? AND alert = ?")
                    .params(alert.sellerId(), alert.about(), alert.alert()).update();
            log.warn("Certificate alert not mailed, the next check tries again: {} ({})", alert.subject(), e.getMessage());
            return false;
        }
    }
}
