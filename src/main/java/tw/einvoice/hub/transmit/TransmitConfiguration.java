package tw.einvoice.hub.transmit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.runtime.EmbeddedDatabases;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class TransmitConfiguration {

    /**
     * Turnkey's database: HUB_TURNKEY_DB_URL, or else a database named {@code turnkey} on the embedded
     * server (where the simulator keeps its tables), or else the hub's own database. While the simulator runs it
     * writes Turnkey's verdicts into this database, whichever it is, so every verdict read there is the simulator's.
     */
    @Bean(destroyMethod = "close")
    TurnkeyDatabase turnkeyDatabase(TransmitProperties settings, EmbeddedDatabases embedded, DataSource hub,
                                    @Value("${hub.platform.enabled:false}") boolean simulator) {
        TransmitProperties.Db db = settings.db();
        if (db.configured()) {
            return new TurnkeyDatabase(db.url(), db.user(), db.password(), simulator);
        }
        return embedded.jdbcUrl("turnkey")
                .map(url -> new TurnkeyDatabase(url, "postgres", "postgres", simulator))
                .orElseGet(() -> new TurnkeyDatabase(hub, "the hub's own database", simulator));
    }
}
