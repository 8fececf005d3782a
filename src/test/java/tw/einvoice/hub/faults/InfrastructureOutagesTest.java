package tw.einvoice.hub.faults;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tw.einvoice.hub.HubIntegrationTest;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's outages of the parts the hub stands on, each made real under the shared test hub while invoices flow:
 * intake accepts or answers 503 with Retry-After, finance gets one OUTAGE alert, health names the part while it is
 * away and not after, and every invoice ends CONFIRMED once with gapless numbers. Short here (5 s outages); the
 * {@code long} profile holds each part away a full minute, as {@code bench faults} does by default.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureOutagesTest extends HubIntegrationTest {

    private static final boolean LONG = Boolean.getBoolean("hub.test.long");
    private static final Duration OUTAGE = LONG ? Duration.ofSeconds(60) : Duration.ofSeconds(5);
    private static final double RATE = LONG ? 50 : 20;

    @Autowired
    ApplicationContext hub;

    @Test
    @Order(1)
    void upcastFolderUnwritable() {
        holdsThePromise(Fault.TURNKEY_UPCAST, false);
    }

    @Test
    @Order(2)
    void turnkeyDatabaseUnreachable() {
        holdsThePromise(Fault.TURNKEY_DATABASE, false);
    }

    @Test
    @Order(3)
    void brokerRestarted() {
        // intake hands each accepted invoice to the issue queue in its request: without the broker it refuses clearly
        holdsThePromise(Fault.BROKER, true);
    }

    @Test
    @Order(4)
    void hubDatabaseRestarted() {
        FaultReport.Case c = holdsThePromise(Fault.DATABASE, true);
        assertThat(c.refused()).as("intake cannot persist without its database: it refuses with 503, it does not fail")
                .isPositive();
    }

    private FaultReport.Case holdsThePromise(Fault fault, boolean mayRefuse) {
        FaultReport report = FaultRun.run(new FaultRun.Settings(hub, URI.create("http://127.0.0.1:" + port), DEMO_KEY,
                DEMO_SELLER, RATE, OUTAGE, Duration.ofSeconds(LONG ? 5 : 1), Duration.ofSeconds(LONG ? 300 : 120),
                // the first case warms the hub up when this class runs alone; in the suite it is warm already
                List.of(fault), fault == Fault.TURNKEY_UPCAST, new PrintWriter(System.out, true)));
        FaultReport.Case c = report.cases().get(0);
        System.out.println(c.line());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(c.skipped()).as("the outage is made real on the embedded default").isNull();
        soft.assertThat(c.unexpected()).as("every answer is 2xx, or 503 with Retry-After").isEmpty();
        soft.assertThat(c.refusedWithoutRetryAfter()).as("503 answers without Retry-After").isZero();
        if (!mayRefuse) {
            soft.assertThat(c.refused()).as("intake persists without " + fault.part() + ": it keeps accepting").isZero();
            soft.assertThat(c.loadHeld()).as("invoices accepted per second while " + fault.part() + " was away")
                    .isPositive();
        }
        soft.assertThat(c.alerts()).as("OUTAGE finance alerts for " + fault.part() + " (one, not one per invoice)")
                .isEqualTo(1);
        soft.assertThat(c.healthDown()).as("/actuator/health named " + fault.part() + " while it was away").isTrue();
        soft.assertThat(c.healthUpAfter()).as("and no longer once it was back, without a restart").isTrue();
        soft.assertThat(c.recovery()).as("the backlog drained by itself").isNotNull();
        soft.assertThat(c.lost()).as("invoices lost or numbers skipped").isZero();
        soft.assertThat(c.doubled()).as("invoices, numbers or F0401 messages doubled").isZero();
        soft.assertThat(c.cases()).as("invoices sent around the outage").isGreaterThan((int) OUTAGE.toSeconds());
        soft.assertAll();
        return c;
    }
}
