package tw.einvoice.hub.runtime;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses between the embedded defaults and external servers from the HUB_* variables, so a
 * newcomer sets nothing and an operator sets only a URL. Spring cannot express "embedded unless a
 * URL is given" in a yaml placeholder, hence this class. It also refuses a simulator nobody asked for beside
 * external servers ({@link SimulatorGuard}), and keeps missing route and connector folders from stopping the start
 * ({@link IntegrationFolders}).
 */
class HubEnvironmentPostProcessor implements EnvironmentPostProcessor {

    private final Log log;

    HubEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(HubEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        SimulatorGuard.check(env);
        Map<String, Object> props = new HashMap<>();

        String artemisUrl = env.getProperty("hub.artemis.url");
        if (StringUtils.hasText(artemisUrl)) {
            props.put("spring.artemis.mode", "native");
            props.put("spring.artemis.broker-url", artemisUrl);
            props.put("spring.artemis.embedded.enabled", "false");
            putIfText(props, "spring.artemis.user", env.getProperty("hub.artemis.user"));
            putIfText(props, "spring.artemis.password", env.getProperty("hub.artemis.password"));
        } else {
            props.put("spring.artemis.mode", "embedded");
            props.put("spring.artemis.embedded.enabled", "true");
            props.put("spring.artemis.embedded.persistent", "true");
            // a placeholder, resolved late, so a data folder set by tests or later sources still counts
            props.put("spring.artemis.embedded.data-directory", "${hub.data-dir}/artemis");
        }
        IntegrationFolders folders = IntegrationFolders.onDisk(log);
        props.put(IntegrationFolders.ROUTES_KEY, folders.routes(env.getProperty(IntegrationFolders.ROUTES_KEY)));
        props.put(IntegrationFolders.CONNECTORS_KEY, folders.connectors(env.getProperty(IntegrationFolders.CONNECTORS_KEY)));
        env.getPropertySources().addFirst(new MapPropertySource("hub-runtime", props));
    }

    private static void putIfText(Map<String, Object> props, String key, String value) {
        if (StringUtils.hasText(value)) {
            props.put(key, value);
        }
    }
}
