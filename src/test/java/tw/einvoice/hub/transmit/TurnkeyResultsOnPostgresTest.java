package tw.einvoice.hub.transmit;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Turnkey on PostgreSQL: the hub's embedded server (real PostgreSQL binaries), its {@code turnkey} database made with
 * Turnkey's own DDL, which PostgreSQL folds to lower-case names.
 */
class TurnkeyResultsOnPostgresTest extends TurnkeyResultsContract {

    @Autowired
    TurnkeyDatabase embedded;

    @Override
    TurnkeyDatabase turnkeyDatabase() {
        TurnkeyDdl.createIfMissing(embedded.dataSource(), "postgresql");
        return embedded;
    }
}
