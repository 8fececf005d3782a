package tw.einvoice.hub.transmit;

import org.slf4j.Logger;

/**
 * Failures to read Turnkey's database, logged once per distinct failure: a poll every few seconds would otherwise
 * bury the log in one message. Says so when the database is readable again.
 */
final class ReadFailures {

    private final Logger log;
    private final String what;
    private volatile String last;

    ReadFailures(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    void failed(String where, RuntimeException e) {
        String failure = String.valueOf(e.getMessage());
        if (!failure.equals(last)) {
            log.warn("{} could not be read from Turnkey's database {} ({}); will keep trying", what, where, failure);
        }
        last = failure;
    }

    void succeeded() {
        if (last != null) {
            log.info("{}: Turnkey's database is readable again", what);
            last = null;
        }
    }
}
