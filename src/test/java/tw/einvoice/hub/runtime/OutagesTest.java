package tw.einvoice.hub.runtime;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jms.UncategorizedJmsException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Only an unavailable database or broker is an outage; what the data caused never is, however deeply wrapped. */
class OutagesTest {

    private static RuntimeException fromIntake(Throwable cause) {
        return new CamelExecutionException("intake failed", null, cause);
    }

    @ParameterizedTest
    @ValueSource(strings = {"22001", "22021", "22P05", "22003", "23505", "23502", "42703", "XX000"})
    void failureTheDataOrTheHubCausedIsNoOutage(String sqlState) {
        assertThat(Outages.isOutage(fromIntake(new DataIntegrityViolationException("refused",
                new SQLException("refused", sqlState))))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "53300", "57P01", "57014", "58030", "40001", "40P01", "55P03"})
    void databaseAwayOverloadedOrAskingForARetryIsAnOutage(String sqlState) {
        assertThat(Outages.isOutage(fromIntake(new SQLException("away", sqlState)))).isTrue();
    }

    @Test
    void noConnectionFromThePoolIsAnOutage() {
        assertThat(Outages.isOutage(fromIntake(new CannotGetJdbcConnectionException("pool",
                new SQLTransientConnectionException("timed out"))))).isTrue();
    }

    @Test
    void brokerThatRefusesTheConnectionIsAnOutage() {
        assertThat(Outages.isOutage(fromIntake(new UncategorizedJmsException("send failed",
                new jakarta.jms.JMSException("refused"))))).isTrue();
        assertThat(Outages.isOutage(fromIntake(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void onlyAFailureOnJmsIsTheBrokers() {
        assertThat(Outages.isBrokerOutage(fromIntake(new UncategorizedJmsException("send failed",
                new jakarta.jms.IllegalStateException("Session is closed"))))).isTrue();
        assertThat(Outages.isBrokerOutage(fromIntake(new SQLException("away", "57P01")))).isFalse();
        assertThat(Outages.isBrokerOutage(fromIntake(new PartUnavailable("turnkey-upcast", "UpCast is not a folder",
                new java.io.IOException("Not a directory"))))).isFalse();
    }

    @Test
    void camelRefusingWorkWhileTheHubStartsOrStopsIsAnOutage() throws Exception {
        try (var camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.start();
            var template = camel.createProducerTemplate();
            camel.stop();
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> template.requestBody("direct:intake", "{}"));
            assertThat(refused).isInstanceOf(org.apache.camel.CamelExecutionException.class)
                    .hasRootCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
            assertThat(Outages.isOutage(refused)).isTrue();
        }
    }

    @Test
    void aBugIsNoOutage() {
        assertThat(Outages.isOutage(fromIntake(new IllegalArgumentException("year outside the ROC calendar")))).isFalse();
        assertThat(Outages.isOutage(fromIntake(new NullPointerException()))).isFalse();
    }

    @Test
    void anOutsidePartUnavailableIsAnOutageSoItsStepWaitsInsteadOfDeadLettering() {
        assertThat(Outages.isOutage(new IllegalStateException("hand-over failed",
                new PartUnavailable("turnkey-upcast", "UpCast is not a folder", new java.io.IOException("Not a directory")))))
                .isTrue();
    }

    @Test
    void aTransactionThatCouldNotEndOnALostConnectionIsAnOutage() {
        assertThat(Outages.isOutage(new org.springframework.transaction.TransactionSystemException("JDBC rollback failed")))
                .as("PostgreSQL restarting under a transaction: no cause, nothing about the data").isTrue();
        var onOutage = new org.springframework.transaction.TransactionSystemException("JDBC rollback failed");
        onOutage.initApplicationException(new CannotGetJdbcConnectionException("refused", new SQLException("refused", "08001")));
        assertThat(Outages.isOutage(onOutage)).isTrue();
        assertThat(Outages.isOutage(new org.springframework.transaction.TransactionSystemException("JDBC commit failed",
                new SQLException("deferred unique", "23505")))).as("a commit the data refused").isFalse();
    }
}
