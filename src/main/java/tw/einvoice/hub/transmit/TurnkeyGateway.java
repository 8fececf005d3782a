package tw.einvoice.hub.transmit;

import org.apache.camel.Body;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.MigMessage;
import tw.einvoice.hub.runtime.OutageBoard;
import tw.einvoice.hub.runtime.PartUnavailable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands rendered messages to Turnkey: one XML file per message in {@code UpCast/<channel>/<MSG>/SRC}, written under a
 * temporary name beside SRC and renamed in, never twice. Turnkey uploads every file it finds, so a second copy of a
 * message would reach the platform as a duplicate; a hub stopped between writing a file and recording it SENT must
 * therefore find out, on the queue message's redelivery, whether the file already went.
 */
@Service
public class TurnkeyGateway {

    private static final Logger log = LoggerFactory.getLogger(TurnkeyGateway.class);

    static final String ACTOR = "stage:transmit";
    /** Turnkey's UpCast folder or SFTP host, as {@link OutageBoard} names it. */
    public static final String UPCAST_PART = "turnkey-upcast";
    /** Turnkey's database, as {@link OutageBoard} names it. */
    public static final String DATABASE_PART = "turnkey-database";
    /** The ids of a queue message whose hand-over begins with this delivery; each is taken out on its first attempt. */
    static final String FIRST_HANDOVER = "hub.firstHandover";
    // Camel allocates a buffer of bufferSize per file written (128 KB by default), for messages of a few KB
    private static final String WRITTEN = "tempFileName=../${file:onlyname}.part&bufferSize=16384";

    private final MessageStore messages;
    private final InvoiceStore invoices;
    private final ProducerTemplate producer;
    private final TurnkeyLog turnkey;
    private final TransactionTemplate handovers;
    private final Duration clockSlack;
    private final Path localRoot;
    private final TurnkeyFolders folders;
    private final String root;
    private final OutageBoard outages;
    private volatile Endpoint upcast;
    private volatile Endpoint upcastUnlessThere;

    TurnkeyGateway(MessageStore messages, InvoiceStore invoices, ProducerTemplate producer, TransmitProperties settings,
                   TurnkeyDatabase turnkey, PlatformTransactionManager transactions, OutageBoard outages) {
        this.outages = outages;
        this.messages = messages;
        this.invoices = invoices;
        this.producer = producer;
        this.turnkey = new TurnkeyLog(turnkey);
        this.handovers = new TransactionTemplate(transactions);
        this.clockSlack = settings.clockSlack();
        this.root = settings.upcast();
        this.localRoot = root.startsWith("file:") ? Path.of(root.substring(5).split("\\?")[0]) : null;
        this.folders = new TurnkeyFolders(settings.sftp());
    }

    /** Queues a committed message for Turnkey now rather than at the next sweep. */
    public void enqueue(UUID messageId) {
        producer.sendBody(TransmitRoutes.TRANSMIT_QUEUE, messageId.toString());
        messages.markEnqueued(List.of(messageId));
    }

    /**
     * Notes, in one commit for the whole queue message, that the hand-over of its messages begins; returns their ids
     * for the split and keeps, as {@link #FIRST_HANDOVER}, those whose hand-over no earlier delivery had begun.
     */
    public List<String> begin(@Body String messageIds, Exchange exchange) {
        List<UUID> ids = Arrays.stream(messageIds.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(UUID::fromString).toList();
        Set<UUID> first = ConcurrentHashMap.newKeySet();
        first.addAll(messages.beginHandover(ids));
        exchange.setProperty(FIRST_HANDOVER, first);
        return ids.stream().map(UUID::toString).toList();
    }

    /**
     * Hands over a queue message's messages together: their rows locked at once, each file written (or found) as
     * {@link #handOver} does it, then all recorded SENT with their invoices in a few statements and one commit, where
     * one by one took a commit and about eight statements per message. Returns the ids left for {@link #handOver}: none
     * when this worked; all of them when it failed, its transaction rolled back. A file it wrote before failing is not
     * written twice: its id is no longer a first hand-over, so {@link #handOver} looks for it first.
     */
    public List<String> handOverAll(@Body List<String> messageIds,
                                    @ExchangeProperty(FIRST_HANDOVER) Set<UUID> firstHandover) {
        if (messageIds.size() < 2) {
            return messageIds;
        }
        List<UUID> ids = messageIds.stream().map(s -> UUID.fromString(s.trim())).toList();
        try {
            handovers.executeWithoutResult(status -> {
                List<InvoiceMessage> handed = new ArrayList<>();
                for (MessageStore.Handover handover : messages.lockAllForHandover(ids)) {
                    InvoiceMessage m = handover.message();
                    boolean first = firstHandover != null && firstHandover.remove(m.id());
                    handOver(m, first, handover.startedAt(), firstHandover);
                    handed.add(m);
                }
                sentAll(handed);
            });
            return List.of();
        } catch (RuntimeException e) {
            log.warn("{} messages could not be handed to Turnkey together ({}); handing them over one by one",
                    ids.size(), e.toString());
            return messageIds;
        }
    }

    /**
     * Writes one message into SRC and records it (and an F0401's or A0101's invoice) SENT, holding the message's row locked
     * meanwhile, so another delivery of the same id waits and then finds it SENT. A message whose hand-over an earlier
     * delivery began, or this one on an attempt that failed, is looked for first and not written again when found.
     */
    public void handOver(@Body String messageId, @ExchangeProperty(FIRST_HANDOVER) Set<UUID> firstHandover) {
        UUID id = UUID.fromString(messageId.trim());
        boolean first = firstHandover != null && firstHandover.remove(id);
        handovers.executeWithoutResult(status -> messages.lockForHandover(id).ifPresent(handover -> {
            InvoiceMessage m = handover.message();
            handOver(m, first, handover.startedAt(), firstHandover);
            sent(m);
        }));
    }

    /** The file of one locked message into SRC, unless an interrupted hand-over had put it with Turnkey already. */
    private void handOver(InvoiceMessage m, boolean first, OffsetDateTime startedAt, Set<UUID> firstHandover) {
        Optional<String> found = first ? Optional.empty() : withTurnkey(m, startedAt);
        if (found.isPresent()) {
            log.info("{} {} reached Turnkey before its hand-over was recorded ({}): not written again",
                    m.messageType(), m.fileName(), found.get());
            return;
        }
        try {
            write(m, first);
        } catch (RuntimeException e) {
            if (first && firstHandover != null && TurnkeyFolders.neverReached(e)) {
                // nothing can be in SRC from an attempt that never reached the host: the next one writes as first
                firstHandover.add(m.id());
            }
            throw e;
        }
    }

    /**
     * Where an interrupted hand-over had put the file already, if it had: still in SRC (Turnkey has not taken it), or
     * taken by Turnkey (its log has the message's identifier since the hand-over began). In that order: Turnkey writes
     * its row before it moves a file out of SRC, so a file missing from SRC and unknown to the log was never written.
     * Over SFTP the SRC check is the write's own ({@code fileExist=Ignore}), after the log's.
     */
    private Optional<String> withTurnkey(InvoiceMessage m, OffsetDateTime handoverStarted) {
        if (localRoot != null && Files.exists(localRoot.resolve(sourcePath(m)))) {
            return Optional.of("still waiting in SRC");
        }
        OffsetDateTime since = handoverStarted != null ? handoverStarted : m.createdAt();
        boolean inLog;
        try {
            inLog = !turnkey.outbound(List.of(m.identifier()), TurnkeyVerdicts.since(since, clockSlack)).isEmpty();
        } catch (RuntimeException e) {
            // without Turnkey's log the hub cannot tell whether the file went: it waits for the database, never guesses
            outages.down(DATABASE_PART, String.valueOf(e.getMessage()));
            throw new PartUnavailable(DATABASE_PART, "Turnkey's database " + turnkey.where()
                    + " could not be read to find " + m.identifier() + ": " + e.getMessage(), e);
        }
        return inLog ? Optional.of("taken by Turnkey, in its log as " + m.identifier()) : Optional.empty();
    }

    private void write(InvoiceMessage m, boolean first) {
        if (localRoot != null) {
            // Camel renames the temporary file into SRC but does not make SRC itself
            Path src = localRoot.resolve(sourcePath(m)).getParent();
            try {
                Files.createDirectories(src);
            } catch (IOException e) {
                throw unreachable(m, new UncheckedIOException("UpCast folder " + src + " could not be made", e));
            }
        }
        Exchange written = producer.send(first ? upcast() : upcastUnlessThere(), exchange -> {
            exchange.getMessage().setHeader(Exchange.FILE_NAME, sourcePath(m));
            // the exact bytes the archive seal covers, whatever the JVM's default charset
            exchange.getMessage().setBody(m.xml().getBytes(StandardCharsets.UTF_8));
        });
        if (written.getException() != null) {
            folders.explain(written.getException());
            if (TurnkeyFolders.hostKeyRefusal(written.getException()).isPresent()) {
                // not an outage to wait out: a host we do not know may be someone in between, and nothing changes
                // until a person checks its key, so the message goes to the dead-letter queue and finance hears of it
                throw new IllegalStateException(m.messageType() + " " + m.fileName() + " not written: Turnkey's SFTP host "
                        + "key is not the known one", written.getException());
            }
            throw unreachable(m, written.getException());
        }
        outages.up(UPCAST_PART);
    }

    /**
     * Any failure to write into UpCast is the folder's or the Turnkey host's (gone, full, read-only, refusing us), not
     * the message's: finance hears of it once, and the message waits for the folder instead of being dead-lettered.
     */
    private PartUnavailable unreachable(InvoiceMessage m, Throwable failure) {
        outages.down(UPCAST_PART, String.valueOf(failure.getMessage()));
        return new PartUnavailable(UPCAST_PART, m.messageType() + " " + m.fileName() + " could not be written to UpCast: "
                + failure.getMessage(), failure);
    }

    // Written beside SRC first and renamed in, so Turnkey never picks up half a file; made on first use, once Camel runs
    private Endpoint upcast() {
        if (upcast == null) {
            upcast = folders.endpoint(producer.getCamelContext(), root, WRITTEN + "&fileExist=Override");
        }
        return upcast;
    }

    // a hand-over that had begun before must not replace a file Turnkey may be reading
    private Endpoint upcastUnlessThere() {
        if (upcastUnlessThere == null) {
            upcastUnlessThere = folders.endpoint(producer.getCamelContext(), root, WRITTEN + "&fileExist=Ignore");
        }
        return upcastUnlessThere;
    }

    private static String sourcePath(InvoiceMessage m) {
        MigMessage type = MigMessage.valueOf(m.messageType());
        return type.channel() + "/" + type.name() + "/SRC/" + m.fileName();
    }

    /** The files are in SRC: the messages and the invoices of those that are invoices are SENT, in two statements. */
    private void sentAll(List<InvoiceMessage> handed) {
        Set<UUID> sent = messages.markAllSent(handed.stream().map(InvoiceMessage::id).toList());
        List<InvoiceStore.Move> moves = handed.stream().filter(m -> sent.contains(m.id()) && isInvoice(m))
                .map(m -> new InvoiceStore.Move(m.invoiceId(), "handed to Turnkey as " + m.fileName())).toList();
        invoices.transitionAll(moves, EnumSet.of(InvoiceStatus.ISSUED, InvoiceStatus.REJECTED), InvoiceStatus.SENT, ACTOR);
    }

    // an A0101 is the invoice itself, issued to an exchange partner instead of an F0401
    private static boolean isInvoice(InvoiceMessage m) {
        return MigMessage.F0401.name().equals(m.messageType()) || MigMessage.A0101.name().equals(m.messageType());
    }

    /** The file is in SRC: the message and its invoice are SENT. */
    private void sent(InvoiceMessage m) {
        if (!messages.markSent(m.id())) {
            return;
        }
        if (isInvoice(m)) {
            var invoice = invoices.findById(m.invoiceId()).orElseThrow();
            if (invoice.status() == InvoiceStatus.ISSUED || invoice.status() == InvoiceStatus.REJECTED) {
                invoices.transition(m.invoiceId(), invoice.status(), InvoiceStatus.SENT, ACTOR,
                        "handed to Turnkey as " + m.fileName(), null);
            }
        }
    }
}
