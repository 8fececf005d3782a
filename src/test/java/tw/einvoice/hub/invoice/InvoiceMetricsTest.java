package tw.einvoice.hub.invoice;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Stage times come from the moves this hub saw; the history is read only for a start it did not see. */
class InvoiceMetricsTest {

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InvoiceMetrics metrics = new InvoiceMetrics(mock(InvoiceStatistics.class), jdbc, Duration.ofSeconds(10));

    InvoiceMetricsTest() {
        metrics.bindTo(registry);
        // the history says every stage began five seconds ago
        JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, Answers.RETURNS_SELF);
        @SuppressWarnings("unchecked")
        JdbcClient.MappedQuerySpec<OffsetDateTime> query = mock(JdbcClient.MappedQuerySpec.class);
        when(jdbc.sql(anyString())).thenReturn(statement);
        when(statement.query(OffsetDateTime.class)).thenReturn(query);
        when(query.optional()).thenAnswer(i -> Optional.of(OffsetDateTime.now().minusSeconds(5)));
    }

    @Test
    void aStageEnteredHereIsTimedWithoutTheHistory() {
        UUID id = UUID.randomUUID();

        metrics.on(change(id, InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED));
        metrics.on(change(id, InvoiceStatus.ISSUED, InvoiceStatus.SENT));
        metrics.on(change(id, InvoiceStatus.SENT, InvoiceStatus.CONFIRMED));

        // RECEIVED is entered at intake, which publishes no move: that start is the history's
        verify(jdbc, times(1)).sql(anyString());
        assertThat(timer("RECEIVED", "ISSUED").count()).isEqualTo(1);
        assertThat(timer("RECEIVED", "ISSUED").totalTime(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(4.0);
        assertThat(timer("ISSUED", "SENT").count()).isEqualTo(1);
        assertThat(timer("ISSUED", "SENT").totalTime(java.util.concurrent.TimeUnit.SECONDS)).isLessThan(1.0);
        assertThat(timer("SENT", "CONFIRMED").count()).isEqualTo(1);
        assertThat(timer("SENT", "CONFIRMED").totalTime(java.util.concurrent.TimeUnit.SECONDS)).isLessThan(1.0);
    }

    @Test
    void aStageEnteredBeforeARestartIsTimedFromTheHistory() {
        UUID id = UUID.randomUUID();

        metrics.on(change(id, InvoiceStatus.SENT, InvoiceStatus.REJECTED));

        verify(jdbc, times(1)).sql(anyString());
        assertThat(timer("SENT", "REJECTED").totalTime(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void aStartSeenForAnotherStatusIsNotTaken() {
        UUID id = UUID.randomUUID();
        metrics.on(change(id, InvoiceStatus.RECEIVED, InvoiceStatus.ISSUED));

        // a move into SENT this hub did not see (another hub's): ISSUED is not when SENT began
        metrics.on(change(id, InvoiceStatus.SENT, InvoiceStatus.CONFIRMED));

        verify(jdbc, times(2)).sql(anyString());
        assertThat(timer("SENT", "CONFIRMED").totalTime(java.util.concurrent.TimeUnit.SECONDS)).isGreaterThanOrEqualTo(4.0);
    }

    @Test
    void movesOutsideTheWalkAreNotTimed() {
        UUID id = UUID.randomUUID();
        metrics.on(change(id, InvoiceStatus.ISSUED, InvoiceStatus.CANCELLED));

        verify(jdbc, never()).sql(anyString());
        assertThat(registry.find("einvoice.stage.duration").timers()).isEmpty();
    }

    private io.micrometer.core.instrument.Timer timer(String from, String to) {
        return registry.get("einvoice.stage.duration").tag("from", from).tag("to", to).timer();
    }

    private static InvoiceStatusChanged change(UUID id, InvoiceStatus from, InvoiceStatus to) {
        return new InvoiceStatusChanged(id, "test", "ref", "12345676", "AA00000001", "1234", from, to, null, null, null);
    }
}
