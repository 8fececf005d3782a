package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tw.einvoice.hub.invoice.InvoiceMessage;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Turnkey on H2, its default database: Turnkey's own DDL keeps the names upper-case there. */
class TurnkeyResultsOnH2Test extends TurnkeyResultsContract {

    private static TurnkeyDatabase h2;

    @BeforeAll
    static void start() {
        h2 = new TurnkeyDatabase("jdbc:h2:mem:turnkey-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        TurnkeyDdl.createIfMissing(h2.dataSource(), "h2");
    }

    @AfterAll
    static void stop() {
        h2.close();
    }

    @Override
    TurnkeyDatabase turnkeyDatabase() {
        return h2;
    }

    @Test
    void aBacklogOfMessagesInFlightLargerThanOnePollDoesNotHideANewerAnswer() {
        TransmitProperties s = settings;
        TurnkeyResults twoAtATime = new TurnkeyResults(h2, messages, invoices, transactions, events,
                new TransmitProperties(s.upcast(), s.summaryResults(), s.summaryPollInterval(), s.consumers(),
                        s.pollInterval(), 2, s.clockSlack(), s.sweep(), s.signingFailures(), s.db()), outages);
        String track = track();
        List<InvoiceMessage> backlog = IntStream.range(0, 3).mapToObj(i -> sentRangeMessage("E0401", track + "0000000" + i,
                "%s-%s%08d-%08d".formatted(SELLER, track, i * 50, i * 50 + 49))).toList();
        backlog.forEach(m -> turnkey.upload(m.identifier(), "E0401", SELLER, "G", m.sentAt().plusSeconds(1)));
        InvoiceMessage newer = sentRangeMessage("E0401", track + "00000150",
                "%s-%s%08d-%08d".formatted(SELLER, track, 150, 199));
        turnkey.upload(newer.identifier(), "E0401", SELLER, "C", newer.sentAt().plusSeconds(1));
        long waiting = hub.sql("SELECT count(*) FROM invoice_message WHERE status = 'SENT'").query(Long.class).single();

        // every waiting message is looked at within one round of pages, however many wait ahead of it
        for (long poll = 0; poll <= waiting / 2 && message(newer).status() == InvoiceMessage.Status.SENT; poll++) {
            twoAtATime.poll();
        }

        assertThat(message(newer).status()).isEqualTo(InvoiceMessage.Status.CONFIRMED);
        assertThat(backlog.stream().map(this::message)).extracting(InvoiceMessage::turnkeyStatus).containsOnly("G");
    }
}
