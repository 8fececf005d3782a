package tw.einvoice.hub.transmit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import tw.einvoice.hub.runtime.EmbeddedDatabases;

@Configuration(proxyBeanMethods = false)
class TransmitConfiguration {

    /**
     * Turnkey's database: HUB_TURNKEY_DB_URL, or else a database named {@code turnkey} on the embedded
     * server (where the simulator keeps its tables), or else the hub's own database.
     */
    @Bean(destroyMethod = "close")
    TurnkeyDatabase turnkeyDatabase(@Value("${hub.turnkey.db.url:}") String url,
                                    @Value("${hub.turnkey.db.user:}") String user,
                                    @Value("${hub.turnkey.db.password:}") String password,
                                    EmbeddedDatabases embedded,
                                    @Value("${hub.db.url:}") String hubUrl,
                                    @Value("${hub.db.user:}") String hubUser,
                                    @Value("${hub.db.password:}") String hubPassword) {
        if (StringUtils.hasText(url)) {
            return new TurnkeyDatabase(url, user, password);
        }
        return embedded.jdbcUrl("turnkey")
                .map(u -> new TurnkeyDatabase(u, "postgres", "postgres"))
                .orElseGet(() -> new TurnkeyDatabase(hubUrl, hubUser, hubPassword));
    }
}
