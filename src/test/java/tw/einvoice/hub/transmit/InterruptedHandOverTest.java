package tw.einvoice.hub.transmit;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tw.einvoice.hub.invoice.ArchiveSeal;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.OutboundMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub killed between writing a message into UpCast and recording it SENT gets the queue message again after its
 * restart. Turnkey uploads every file it finds, so the message must not be written a second time when its file is
 * still waiting in SRC or Turnkey has already taken it; and it must be written when neither is so. The interrupted
 * hand-over is set up as the dead hub left it: the message RENDERED, its hand-over begun. A hub killed after the issue
 * stage marked a message queued but before its JMS transaction (holding the send) committed leaves no queue message at
 * all: the sweeper queues it again.
 */
class InterruptedHandOverTest extends TurnkeyHubTest {

    private static final String SELLER = DEMO_SELLER;

    @Autowired
    MessageStore messages;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    TransmitProperties settings;
    @Autowired
    TurnkeyDatabase embedded;

    TurnkeyWriter turnkey;
    Path src;

    @BeforeEach
    void turnkey() {
        TurnkeyDdl.createIfMissing(embedded.dataSource(), "postgresql");
        turnkey = new TurnkeyWriter(embedded.dataSource());
        src = Path.of(settings.upcast().substring("file:".length())).resolve("B2PMESSAGE/E0402/SRC");
    }

    @Test
    void aFileStillWaitingInSrcIsLeftAsItIsAndTheMessageIsSent() throws IOException {
        InvoiceMessage m = interruptedHandOver();
        Path waiting = Files.createDirectories(src).resolve(m.fileName());
        Files.writeString(waiting, m.xml(), StandardCharsets.UTF_8);
        FileTime written = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        Files.setLastModifiedTime(waiting, written);

        redeliver(m);

        assertThat(filesFor(m)).containsExactly(waiting);
        assertThat(Files.getLastModifiedTime(waiting)).as("not written again").isEqualTo(written);
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aFileTurnkeyHasAlreadyTakenIsNotWrittenAgainAndTheMessageCountsFromItsHandOver() {
        InvoiceMessage m = interruptedHandOver();
        OffsetDateTime begun = handOverBegun(m);
        turnkey.upload(m.identifier(), "E0402", SELLER, "P", begun.plusSeconds(1));

        InvoiceMessage sent = redeliver(m);

        assertThat(filesFor(m)).as("Turnkey moved the only copy out of SRC").isEmpty();
        assertThat(sent.sentAt()).as("Turnkey's row, written after the hand-over began, answers it").isEqualTo(begun);
    }

    @Test
    void aMessageNeitherInSrcNorInTurnkeysLogIsWrittenOnce() throws IOException {
        InvoiceMessage m = interruptedHandOver();

        redeliver(m);

        assertThat(filesFor(m)).singleElement()
                .satisfies(file -> assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(m.xml()));
        assertThat(partFiles()).isEmpty();
    }

    /** A rendered E0402 whose hand-over a delivery began and never finished. */
    private InvoiceMessage interruptedHandOver() {
        InvoiceMessage m = rendered();
        assertThat(messages.beginHandover(List.of(m.id()))).containsExactly(m.id());
        assertThat(messages.beginHandover(List.of(m.id()))).as("begun once").isEmpty();
        return m;
    }

    /** A rendered E0402, as numbering stores one, not handed to the queue. */
    private InvoiceMessage rendered() {
        String identifier = SELLER + "-" + TurnkeyResultsContract.track() + "07";
        return messages.add(new OutboundMessage(null, "E0402", SELLER, SELLER, "11512", identifier,
                "E0402_" + SELLER + "_" + UUID.randomUUID() + ".xml", "<E0402>" + identifier + "</E0402>"),
                new ArchiveSeal(null, null, null));
    }

    private OffsetDateTime handOverBegun(InvoiceMessage m) {
        return messages.lockForHandover(m.id()).orElseThrow().startedAt();
    }

    @Test
    void aMessageMarkedQueuedWhoseQueueMessageNeverCameIsQueuedAgainByTheSweeperAndWrittenOnce() {
        InvoiceMessage m = rendered();
        messages.markEnqueued(List.of(m.id()));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                messages.find(m.id()).orElseThrow().status() == InvoiceMessage.Status.SENT);

        assertThat(filesFor(m)).hasSize(1);
    }

    private InvoiceMessage redeliver(InvoiceMessage m) {
        producer.sendBody(TransmitRoutes.TRANSMIT_QUEUE, m.id().toString());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                messages.find(m.id()).orElseThrow().status() == InvoiceMessage.Status.SENT);
        return messages.find(m.id()).orElseThrow();
    }

    private List<Path> filesFor(InvoiceMessage m) {
        return files(src).stream().filter(p -> p.getFileName().toString().equals(m.fileName())).toList();
    }

    private List<Path> partFiles() {
        return files(src.getParent()).stream().filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
