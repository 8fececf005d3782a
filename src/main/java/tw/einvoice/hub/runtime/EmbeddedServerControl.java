package tw.einvoice.hub.runtime;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;

@Component
class EmbeddedServerControl implements EmbeddedServers {

    private final DatabaseConfiguration.EmbeddedDatabase database;
    private final ObjectProvider<EmbeddedActiveMQ> broker;

    EmbeddedServerControl(DatabaseConfiguration.EmbeddedDatabase database, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.database = database;
        this.broker = broker;
    }

    @Override
    public boolean canRestartDatabase() {
        return database.embedded();
    }

    @Override
    public void stopDatabase() {
        try {
            database.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not stop", e);
        }
    }

    @Override
    public void startDatabase() {
        try {
            database.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL did not start again", e);
        }
    }

    @Override
    public boolean canRestartBroker() {
        return broker.getIfAvailable() != null;
    }

    @Override
    public void stopBroker() {
        try {
            embeddedBroker().stop();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Artemis broker did not stop", e);
        }
    }

    @Override
    public void startBroker() {
        try {
            // EmbeddedActiveMQ.start makes a new server from the same configuration and journal
            embeddedBroker().start();
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Artemis broker did not start again", e);
        }
    }

    private EmbeddedActiveMQ embeddedBroker() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null) {
            throw new IllegalStateException("the hub runs on an external broker (HUB_ARTEMIS_URL): not the hub's to restart");
        }
        return embedded;
    }
}
