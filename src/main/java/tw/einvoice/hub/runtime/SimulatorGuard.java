package tw.einvoice.hub.runtime;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator answers every message it sees with the platform's confirmation. On the embedded default that is the
 * demo; on an external database or broker it is most likely a production installation that forgot
 * {@code HUB_SIMULATOR_ENABLED=false}, where invoices would turn CONFIRMED without ever reaching the MOF. So there the
 * simulator runs only when someone asked for it: the {@code true} written as the default into the packaged
 * {@code application.yaml} does not count.
 */
final class SimulatorGuard {

    static final String SIMULATOR = "hub.platform.enabled";
    static final String SIMULATOR_VARIABLE = "HUB_SIMULATOR_ENABLED";

    private SimulatorGuard() {
    }

    /** Throws {@link SimulatorOnExternalServersException} when the simulator would run unasked beside external servers. */
    static void check(ConfigurableEnvironment env) {
        if (!env.getProperty(SIMULATOR, Boolean.class, false)) {
            return;
        }
        List<String> external = new ArrayList<>();
        if (StringUtils.hasText(env.getProperty("hub.db.url"))) {
            external.add("an external database (HUB_DB_URL)");
        }
        if (StringUtils.hasText(env.getProperty("hub.artemis.url"))) {
            external.add("an external broker (HUB_ARTEMIS_URL)");
        }
        if (!external.isEmpty() && !explicitlyOn(env)) {
            throw new SimulatorOnExternalServersException(external);
        }
    }

    /** Someone set it: the variable, or the setting anywhere but in the files packaged in the jar. */
    static boolean explicitlyOn(ConfigurableEnvironment env) {
        if (env.containsProperty(SIMULATOR_VARIABLE)) {
            return true;
        }
        for (PropertySource<?> source : env.getPropertySources()) {
            // the attached view of all sources answers for every one of them, the packaged files included
            if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source) && !packaged(source)
                    && source.containsProperty(SIMULATOR)) {
                return true;
            }
        }
        return false;
    }

    private static boolean packaged(PropertySource<?> source) {
        return source.getName().contains("class path resource [");
    }
}
