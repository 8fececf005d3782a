package tw.einvoice.hub.transmit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.transmit.TurnkeyVerdicts.SysEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Raises Turnkey's signing failures (TURNKEY_SYSEVENT_LOG entries with ERRORCODE {@code -007}, SignError) as
 * {@link TurnkeySigningFailed} events, each once: the hub keeps how far it has read (EVENTDTS) in its own database and
 * moves it in the transaction that records the alerts, with the row locked so two hub nodes never raise one twice.
 */
@Service
class TurnkeySigningFailures {

    static final String SIGN_ERROR = "-007";
    private static final String WATERMARK = "SIGNING_FAILURES";
    // bounded work per poll after a long outage; the rest follow with the next polls
    private static final int PER_POLL = 200;
    private static final Logger log = LoggerFactory.getLogger(TurnkeySigningFailures.class);

    private final TurnkeyLog turnkey;
    private final JdbcClient hub;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final SellerDirectory sellers;
    private final Clock clock;
    private final Duration lookback;
    private final ReadFailures failures = new ReadFailures(log, "Signing failures");

    TurnkeySigningFailures(TurnkeyDatabase turnkey, JdbcClient hub, TransactionTemplate tx, ApplicationEventPublisher events,
                           SellerDirectory sellers, Clock clock, TransmitProperties settings) {
        this.turnkey = new TurnkeyLog(turnkey);
        this.hub = hub;
        this.tx = tx;
        this.events = events;
        this.sellers = sellers;
        this.clock = clock;
        this.lookback = settings.signingFailures().lookback();
    }

    /** Raises the signing failures Turnkey wrote since the last poll; returns how many. */
    public int poll() {
        try {
            Integer raised = tx.execute(status -> {
                String after = watermark();
                List<SysEvent> found = turnkey.eventsAfter(SIGN_ERROR, after, PER_POLL);
                for (SysEvent e : found) {
                    events.publishEvent(failure(e));
                    log.warn("Turnkey could not sign for seller {} at {}: {}", e.partyId(), e.eventDts(), text(e));
                }
                if (!found.isEmpty()) {
                    hub.sql("UPDATE turnkey_watermark SET eventdts = ?, updated_at = now() WHERE name = ?")
                            .params(found.get(found.size() - 1).eventDts(), WATERMARK).update();
                }
                return found.size();
            });
            failures.succeeded();
            return Objects.requireNonNullElse(raised, 0);
        } catch (RuntimeException e) {
            failures.failed(turnkey.where(), e);
            return 0;
        }
    }

    /** The EVENTDTS read up to, locked until this poll commits; the first poll ever starts {@code lookback} ago. */
    private String watermark() {
        String start = OffsetDateTime.now(clock).minus(lookback).atZoneSameInstant(RuleSettings.TAIPEI)
                .format(TurnkeyVerdicts.DTS);
        hub.sql("INSERT INTO turnkey_watermark (name, eventdts) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(WATERMARK, start).update();
        return hub.sql("SELECT eventdts FROM turnkey_watermark WHERE name = ? FOR UPDATE").param(WATERMARK)
                .query(String.class).single();
    }

    private TurnkeySigningFailed failure(SysEvent e) {
        String name = e.partyId() == null ? null : sellers.find(e.partyId()).map(Seller::name).orElse(null);
        return new TurnkeySigningFailed(e.partyId(), name, at(e.eventDts()), e.eventDts(), text(e));
    }

    private static String text(SysEvent e) {
        return String.join(" ", Stream.concat(e.messages().stream(), e.information().stream())
                .filter(m -> m != null && !m.isBlank()).toList());
    }

    private static OffsetDateTime at(String eventDts) {
        try {
            return LocalDateTime.parse(eventDts, TurnkeyVerdicts.DTS).atZone(RuleSettings.TAIPEI).toOffsetDateTime();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }
}
