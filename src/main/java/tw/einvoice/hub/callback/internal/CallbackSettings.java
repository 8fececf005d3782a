package tw.einvoice.hub.callback.internal;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.SinkSettings;

import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code hub.callback.<connector>.*} when it is needed rather than binding the whole map at start:
 * connectors are open-ended (a route file names one), and the dispatcher's own settings share the prefix.
 */
@Component
class CallbackSettings {

    private final Environment env;

    CallbackSettings(Environment env) {
        this.env = env;
    }

    Optional<SinkSettings> sink(String connector) {
        if (connector == null || connector.isBlank()) {
            return Optional.empty();
        }
        String type = env.getProperty("hub.callback." + connector + ".type");
        if (type == null || type.isBlank() || type.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        Map<String, String> params = Binder.get(env)
                .bind("hub.callback." + connector, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        return Optional.of(new SinkSettings(connector, type.trim().toLowerCase(), params));
    }
}
