package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.InvoiceAwait;
import tw.einvoice.hub.Invoices;
import tw.einvoice.hub.invoice.InvoiceMessage;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.MessageStore;
import tw.einvoice.hub.invoice.StoredInvoice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status changes made for many invoices at once: a queue message of rendered F0401s handed over in one transaction
 * ({@link TurnkeyGateway#handOverAll}), and a poll's confirmations applied in a few statements
 * ({@link InvoiceStore#confirmAll}). Each invoice must still get exactly one history row per change, in order.
 */
class TransmitBatchedStatusChangesTest extends TurnkeyHubTest {

    private static final int INVOICES = 12;

    @Autowired
    InvoiceStore invoices;
    @Autowired
    MessageStore messages;
    @Autowired
    TransmitProperties settings;
    @Autowired
    JdbcClient hub;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void invoicesIssuedTogetherAreEachWrittenOnceAndSentWithOneHistoryRowNamingTheirFile() throws IOException {
        String prefix = "batched-handover-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.batch(prefix, INVOICES)).status()).isEqualTo(200);
        IntStream.range(0, INVOICES).forEach(i ->
                InvoiceAwait.bySource(api, prefix + "-" + i).atMost(Duration.ofSeconds(90)).reaches("SENT"));

        List<StoredInvoice> sent = IntStream.range(0, INVOICES)
                .mapToObj(i -> invoices.findBySource("test", prefix + "-" + i).orElseThrow()).toList();
        List<InvoiceMessage> f0401s = sent.stream().map(i -> messages.forInvoice(i.id()).stream()
                .filter(m -> m.messageType().equals("F0401")).findFirst().orElseThrow()).toList();
        Path src = Path.of(settings.upcast().substring("file:".length())).resolve("B2SSTORAGE/F0401/SRC");
        for (InvoiceMessage m : f0401s) {
            assertThat(m.status()).isEqualTo(InvoiceMessage.Status.SENT);
            try (Stream<Path> files = Files.list(src)) {
                assertThat(files.filter(p -> p.getFileName().toString().equals(m.fileName())))
                        .as("one file for %s", m.reference()).hasSize(1);
            }
        }
        for (int i = 0; i < INVOICES; i++) {
            InvoiceMessage m = f0401s.get(i);
            assertThat(invoices.history(sent.get(i).id()).stream()
                    .filter(h -> h.toStatus() == tw.einvoice.hub.invoice.InvoiceStatus.SENT).toList())
                    .singleElement()
                    .satisfies(h -> {
                        assertThat(h.fromStatus()).isEqualTo(tw.einvoice.hub.invoice.InvoiceStatus.ISSUED);
                        assertThat(h.actor()).isEqualTo(TurnkeyGateway.ACTOR);
                        assertThat(h.reason()).isEqualTo("handed to Turnkey as " + m.fileName());
                    });
        }
        assertThat(hub.sql("""
                        SELECT count(*) FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                        WHERE i.source_ref LIKE ? AND h.to_status = 'SENT'""")
                .param(prefix + "-%").query(Long.class).single()).isEqualTo(INVOICES);
    }

    @Test
    void confirmationsAppliedTogetherWriteOneHistoryRowEachInTheOrderGivenAndAppliedTwiceChangeNothingMore() {
        String prefix = "batched-confirm-" + UUID.randomUUID();
        assertThat(api.post("/api/v1/invoices", Invoices.batch(prefix, 5)).status()).isEqualTo(200);
        IntStream.range(0, 5).forEach(i ->
                InvoiceAwait.bySource(api, prefix + "-" + i).atMost(Duration.ofSeconds(90)).reaches("SENT"));
        List<UUID> ids = IntStream.range(0, 5)
                .mapToObj(i -> invoices.findBySource("test", prefix + "-" + (4 - i)).orElseThrow().id()).toList(); // 4, 3, 2, 1, 0: not the order they were made or numbered in
        List<InvoiceStore.Move> moves = ids.stream().map(id -> new InvoiceStore.Move(id, "confirmed " + id)).toList();

        var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        List<UUID> first = tx.execute(s -> invoices.confirmAll(moves, "simulator", TurnkeyGateway.ACTOR));
        List<UUID> again = tx.execute(s -> invoices.confirmAll(moves, "simulator", TurnkeyGateway.ACTOR));

        assertThat(first).containsExactlyElementsOf(ids);
        assertThat(again).as("already CONFIRMED: CONFIRMED does not follow CONFIRMED").isEmpty();
        List<String> rows = hub.sql("""
                        SELECT h.invoice_id || ' ' || h.from_status || '>' || h.to_status || ' ' || h.actor || ' ' || h.reason
                        FROM invoice_history h JOIN invoice i ON i.id = h.invoice_id
                        WHERE i.source_ref LIKE ? AND h.to_status = 'CONFIRMED' ORDER BY h.id""")
                .param(prefix + "-%").query(String.class).list();
        assertThat(rows).containsExactlyElementsOf(ids.stream()
                .map(id -> id + " SENT>CONFIRMED " + TurnkeyGateway.ACTOR + " confirmed " + id).toList());
        assertThat(ids.stream().map(id -> invoices.findById(id).orElseThrow()))
                .extracting(StoredInvoice::status, StoredInvoice::confirmedBy)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(tw.einvoice.hub.invoice.InvoiceStatus.CONFIRMED, "simulator"));
    }
}
