package tw.einvoice.hub.transmit;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.mig.MigMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Hands rendered messages to Turnkey: one XML file per message in
 * {@code UpCast/<channel>/<MSG>/SRC}, written under a temporary name beside SRC and renamed in.
 */
@Service
public class TurnkeyGateway {

    static final String ACTOR = "stage:transmit";
    /** Set when the message is still to be written; a redelivered message that was written is skipped. */
    static final String UPCAST = "hub.upcast";
    static final String MESSAGE_ID = "hub.messageId";

    private final MessageStore messages;
    private final InvoiceStore invoices;
    private final ProducerTemplate producer;
    private final Path localRoot;

    TurnkeyGateway(MessageStore messages, InvoiceStore invoices, ProducerTemplate producer, TransmitProperties settings) {
        this.messages = messages;
        this.invoices = invoices;
        this.producer = producer;
        String upcast = settings.upcast();
        this.localRoot = upcast.startsWith("file:") ? Path.of(upcast.substring(5).split("\\?")[0]) : null;
    }

    /** Queues a committed message for Turnkey now rather than at the next sweep. */
    public void enqueue(UUID messageId) {
        producer.sendBody(TransmitRoutes.TRANSMIT_QUEUE, messageId.toString());
        messages.markEnqueued(List.of(messageId));
    }

    /** Loads the message into the exchange: body = XML, file name = its UpCast path. */
    public void prepare(Exchange exchange) {
        UUID id = UUID.fromString(exchange.getMessage().getBody(String.class).trim());
        exchange.getMessage().setHeader(MESSAGE_ID, id.toString());
        InvoiceMessage m = messages.find(id).orElse(null);
        if (m == null || m.status() != InvoiceMessage.Status.RENDERED) {
            exchange.getMessage().setHeader(UPCAST, false);
            return;
        }
        MigMessage type = MigMessage.valueOf(m.messageType());
        if (localRoot != null) {
            // Camel renames the temporary file into SRC but does not make SRC itself
            Path src = localRoot.resolve(type.channel()).resolve(type.name()).resolve("SRC");
            try {
                Files.createDirectories(src);
            } catch (IOException e) {
                throw new UncheckedIOException("UpCast folder " + src + " could not be made", e);
            }
        }
        exchange.getMessage().setHeader(UPCAST, true);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, type.channel() + "/" + type.name() + "/SRC/" + m.fileName());
        // the exact bytes the archive seal covers, whatever the JVM's default charset
        exchange.getMessage().setBody(m.xml().getBytes(StandardCharsets.UTF_8));
    }

    /** The file is in SRC: the message and its invoice are SENT. */
    @Transactional
    public void sent(@Header(MESSAGE_ID) String messageId) {
        UUID id = UUID.fromString(messageId);
        if (!messages.markSent(id)) {
            return;
        }
        InvoiceMessage m = messages.find(id).orElseThrow();
        if (MigMessage.F0401.name().equals(m.messageType())) {
            var invoice = invoices.findById(m.invoiceId()).orElseThrow();
            if (invoice.status() == InvoiceStatus.ISSUED || invoice.status() == InvoiceStatus.REJECTED) {
                invoices.transition(m.invoiceId(), invoice.status(), InvoiceStatus.SENT, ACTOR,
                        "handed to Turnkey as " + m.fileName(), null);
            }
        }
    }
}
