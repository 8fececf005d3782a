package tw.einvoice.hub.runtime;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tw.einvoice.hub.seller.SellerProperties;
import tw.einvoice.hub.transmit.TransmitProperties;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code prod} profile (docker/compose.yaml) keeps nothing of the demo: the operator's sellers file is the only
 * source of sellers, the simulator and test certificates are off unless asked for, and Turnkey must be named.
 */
class ProdProfileTest {

    private static final String SELLERS_EXAMPLE = "file:" + Path.of("docker/config/sellers.example.yaml").toAbsolutePath();
    private static final String TURNKEY_UPCAST = "--HUB_TURNKEY_UPCAST=file:/opt/EINVTurnkey/UpCast";
    private static final String TURNKEY_DB = "--HUB_TURNKEY_DB_URL=jdbc:postgresql://turnkey:5432/einvoice";
    private static final Bindable<TransmitProperties> TURNKEY = Bindable.of(TransmitProperties.class);

    @Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    private static Binder prod(String... args) {
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(NothingElse.class)
                .web(WebApplicationType.NONE).profiles("prod").run(args)) {
            return Binder.get(started.getEnvironment());
        }
    }

    private static List<String> sellerIds(Binder config) {
        return config.bind("hub", SellerProperties.class).get().sellers().stream().map(SellerProperties.SellerConfig::id).toList();
    }

    @Test
    void theOperatorsSellersFileIsTheOnlySourceOfSellers() {
        Binder config = prod(TURNKEY_UPCAST, TURNKEY_DB, "--spring.config.additional-location=" + SELLERS_EXAMPLE);

        assertThat(sellerIds(config)).containsExactly("24549210");
        SellerProperties.SellerConfig seller = config.bind("hub", SellerProperties.class).get().sellers().get(0);
        assertThat(seller.demoRange()).as("no demo range").isNull();
        assertThat(seller.branches()).extracting(SellerProperties.BranchConfig::id).containsExactly("HQ", "TXG01");
    }

    @Test
    void withoutASellersFileThereIsNoSellerAtAllNotTheDemoOne() {
        assertThat(sellerIds(prod(TURNKEY_UPCAST, TURNKEY_DB))).isEmpty();
    }

    @Test
    void theSimulatorAndTestCertificatesAreOffUnlessAskedFor() {
        Binder config = prod(TURNKEY_UPCAST, TURNKEY_DB);

        assertThat(config.bind("hub.platform.enabled", Boolean.class).get()).isFalse();
        assertThat(config.bind("hub.signing.generate-test-certificates", Boolean.class).get()).isFalse();
        assertThat(prod(TURNKEY_UPCAST, TURNKEY_DB, "--HUB_SIMULATOR_ENABLED=true")
                .bind("hub.platform.enabled", Boolean.class).get()).isTrue();
    }

    @Test
    void turnkeysUpCastAndDatabaseMustBeNamed() {
        Binder withoutUpcast = prod(TURNKEY_DB);
        assertThatThrownBy(() -> withoutUpcast.bind("hub.turnkey", TURNKEY))
                .rootCause().hasMessage("HUB_TURNKEY_UPCAST is not set: hub.turnkey.upcast must name Turnkey's UpCast "
                        + "folder (the prod profile has no default for it)");
        Binder withoutDb = prod(TURNKEY_UPCAST);
        assertThatThrownBy(() -> withoutDb.bind("hub.turnkey", TURNKEY))
                .rootCause().hasMessageStartingWith("HUB_TURNKEY_DB_URL is not set: hub.turnkey.db.url must name "
                        + "Turnkey's database");

        TransmitProperties named = prod(TURNKEY_UPCAST, TURNKEY_DB).bind("hub.turnkey", TURNKEY).get();
        assertThat(named.upcast()).isEqualTo("file:/opt/EINVTurnkey/UpCast");
        assertThat(named.db().url()).isEqualTo("jdbc:postgresql://turnkey:5432/einvoice");
    }

    @Test
    void transportSecurityIsOnByDefaultHostKeysCheckedStarttlsRequiredAndTheProxysHttpsBelieved() {
        Binder config = prod(TURNKEY_UPCAST, TURNKEY_DB);

        assertThat(config.bind("hub.turnkey.sftp.strict-host-key-checking", String.class).get()).isEqualTo("yes");
        assertThat(config.bind("hub.drop.sftp.strict-host-key-checking", String.class).get()).isEqualTo("yes");
        assertThat(config.bind("hub.callback.sftp-drop.strict-host-key-checking", String.class).get()).isEqualTo("yes");
        assertThat(config.bind("hub.notify.smtp.starttls", Boolean.class).get()).isTrue();
        assertThat(config.bind("server.forward-headers-strategy", String.class).get()).isEqualTo("native");
        assertThat(prod(TURNKEY_UPCAST, TURNKEY_DB, "--HUB_SMTP_STARTTLS=false")
                .bind("hub.notify.smtp.starttls", Boolean.class).get()).as("a relay on the same host").isFalse();
    }

}
