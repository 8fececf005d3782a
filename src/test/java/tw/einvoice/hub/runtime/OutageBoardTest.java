package tw.einvoice.hub.runtime;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import tw.einvoice.hub.runtime.OutageBoard.PartDown;
import tw.einvoice.hub.runtime.OutageBoard.PartRecovered;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class OutageBoardTest {

    private final List<Object> published = new ArrayList<>();
    private final OutageBoard board = new OutageBoard(event -> {
        synchronized (published) {
            published.add(event);
        }
    }, Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC));

    @Test
    void aPartFailingManyTimesIsOneOutageAndItsReturnOneRecovery() {
        for (int i = 0; i < 250; i++) {
            board.down("turnkey-upcast", "attempt " + i);
        }
        board.up("turnkey-upcast");
        board.up("turnkey-upcast");

        assertThat(published).hasSize(2);
        PartDown down = (PartDown) published.get(0);
        assertThat(down.part()).isEqualTo("turnkey-upcast");
        assertThat(down.reason()).as("the first failure's reason is the outage's").isEqualTo("attempt 0");
        assertThat(down.failures()).isEqualTo(1);
        PartRecovered back = (PartRecovered) published.get(1);
        assertThat(back.part()).isEqualTo("turnkey-upcast");
        assertThat(back.failures()).as("every failure of the outage is counted").isEqualTo(250);
        assertThat(board.isDown("turnkey-upcast")).isFalse();
    }

    @Test
    void upForAPartThatWasNeverDownTellsNoOne() {
        board.up("database");
        assertThat(published).isEmpty();
        assertThat(board.health().getStatus()).isEqualTo(Status.UP);
        assertThat(board.health().getDetails()).isEmpty();
    }

    @Test
    void aSecondOutageAfterARecoveryIsToldAgain() {
        board.down("broker", "first");
        board.up("broker");
        board.down("broker", "second");

        assertThat(published).extracting(Object::getClass)
                .containsExactly(PartDown.class, PartRecovered.class, PartDown.class);
        assertThat(((PartDown) published.get(2)).reason()).isEqualTo("second");
    }

    @Test
    void healthStaysUpAndNamesEachPartDownWithItsReason() {
        board.down("turnkey-database", "connection refused");
        board.down("turnkey-database", "connection refused");
        board.down("database", "server restarting");

        Health health = board.health();
        assertThat(health.getStatus()).as("a part away leaves the hub UP: it keeps or refuses work clearly")
                .isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("degraded", true).containsKeys("turnkey-database", "database");
        @SuppressWarnings("unchecked")
        Map<String, Object> turnkey = (Map<String, Object>) health.getDetails().get("turnkey-database");
        assertThat(turnkey).containsEntry("reason", "connection refused").containsEntry("failures", 2L)
                .containsEntry("since", "2026-12-02T01:00:00Z");

        board.up("turnkey-database");
        assertThat(board.health().getDetails()).containsOnlyKeys("degraded", "database");
        board.up("database");
        assertThat(board.health().getDetails()).isEmpty();
    }

    @Test
    void manyThreadsMeetingTheSameOutageAtOnceStillMakeOneAlert() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < 8; i++) {
                threads.submit(() -> {
                    go.await();
                    for (int n = 0; n < 100; n++) {
                        board.down("turnkey-upcast", "gone");
                    }
                    return null;
                });
            }
            go.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
        assertThat(published).hasSize(1);
        assertThat(board.current().get("turnkey-upcast").failures()).isEqualTo(800);
    }
}
