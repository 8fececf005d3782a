package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

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
}
