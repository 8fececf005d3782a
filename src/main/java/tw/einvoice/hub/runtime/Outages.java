package tw.einvoice.hub.runtime;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells an outage of the database or the broker, after which the same request may succeed, from everything else.
 * Only an outage may answer "retry": a failure the data caused (PostgreSQL's SQLState classes 22, data exception,
 * and 23, integrity) fails the same way every time, so a retry loop would never end and nothing would be kept.
 */
public final class Outages {

    /**
     * SQLState classes of a database that is away or overloaded: 08 connection, 53 insufficient resources, 57 operator
     * intervention (shutdown, statement timeout), 58 system error (I/O), 40 transaction rollback (serialization
     * failure, deadlock: the same work succeeds when tried again).
     */
    private static final Set<String> OUTAGE_CLASSES = Set.of("08", "53", "57", "58", "40");
    /** lock_not_available (lock timeout): its class 55 also holds errors that repeat. */
    private static final String LOCK_TIMEOUT = "55P03";

    private Outages() {
    }

    /**
     * True when {@code failure} or one of its causes is the broker's: a JMS session or connection that failed. A step
     * retried on the same consumer keeps the consumer's transacted session, which a restarted broker no longer knows,
     * so such a failure must go back to the consumer instead.
     */
    public static boolean isBrokerOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JmsException || t instanceof jakarta.jms.JMSException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code failure} or one of its causes says the database, the broker or another outside part
     * ({@link PartUnavailable}) is unavailable.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionTimedOutException || t instanceof JmsException
                    || t instanceof jakarta.jms.JMSException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof PartUnavailable || t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof SocketException
                    // Camel refuses work while the hub starts or stops: HTTP is up a moment before the routes and after
                    || t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
            if (t instanceof org.springframework.transaction.TransactionSystemException ended) {
                // a commit or rollback that failed keeps the failure it ended on apart from its cause; one with
                // neither lost its connection, which says nothing about the data (seen with PostgreSQL restarting)
                Throwable first = ended.getApplicationException();
                if (first != null && isOutage(first) || first == null && ended.getCause() == null) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                String state = sql.getSQLState();
                if (OUTAGE_CLASSES.contains(state.substring(0, 2)) || LOCK_TIMEOUT.equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
