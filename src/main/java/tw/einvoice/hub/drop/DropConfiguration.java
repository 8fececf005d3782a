package tw.einvoice.hub.drop;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Claims for the drop routes, one processor name per route so a local and an SFTP drop never shadow each other. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DropProperties.class)
class DropConfiguration {

    @Bean
    DropFileClaims localDropClaims(JdbcClient jdbc) {
        return new DropFileClaims(jdbc, "local-drop");
    }

    @Bean
    DropFileClaims sftpDropClaims(JdbcClient jdbc) {
        return new DropFileClaims(jdbc, "sftp-drop");
    }
}
