package tw.einvoice.hub.runtime;

import org.apache.commons.logging.Log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where route files and Kamelets are loaded from. Camel stops the whole start at a {@code file:} location that does
 * not exist, so the jar run outside the repository died with {@code NoSuchFileException: routes}; here a missing
 * folder loads nothing (said once in the log), and without the repository's own folders the examples packaged in the
 * jar are used. A folder that exists replaces the packaged examples rather than adding to them, so no route is loaded
 * twice.
 */
final class IntegrationFolders {

    static final String ROUTES_KEY = "camel.main.routes-include-pattern";
    static final String CONNECTORS_KEY = "camel.component.kamelet.location";
    static final String DEFAULT_ROUTES = "file:routes/*.yaml";
    static final String PACKAGED_ROUTES = "classpath:routes/*.yaml";
    static final String PACKAGED_CONNECTORS = "classpath:connectors";
    /** Matches nothing: Camel refuses an empty pattern ("no RoutesBuilderLoader for extension null"). */
    static final String NO_ROUTES = "classpath:hub-no-routes/*.yaml";

    private final Predicate<Path> exists;
    private final Log log;

    IntegrationFolders(Predicate<Path> exists, Log log) {
        this.exists = exists;
        this.log = log;
    }

    static IntegrationFolders onDisk(Log log) {
        return new IntegrationFolders(Files::exists, log);
    }

    /**
     * The route pattern Camel gets: {@code file:} entries whose folder is missing are left out; when that leaves
     * the built-in default with nothing, the packaged example routes take its place. {@link #NO_ROUTES} when nothing
     * is left.
     */
    String routes(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return NO_ROUTES;
        }
        if (DEFAULT_ROUTES.equals(pattern.strip()) && !exists.test(folder("routes/*.yaml"))) {
            log.info("No routes folder at " + absolute(folder("routes/*.yaml")) + ": loading the example routes packaged "
                    + "in the jar (" + PACKAGED_ROUTES + "); make the folder or set HUB_ROUTES for your own");
            return PACKAGED_ROUTES;
        }
        List<String> kept = existing(pattern, "routes", "HUB_ROUTES");
        return kept.isEmpty() ? NO_ROUTES : String.join(",", kept);
    }

    /**
     * The Kamelet search path: missing {@code file:} folders are left out, and the Kamelets packaged in the jar come
     * last, so a Kamelet of the same name in a folder wins over the packaged one.
     */
    String connectors(String locations) {
        List<String> kept = locations == null ? new ArrayList<>()
                : existing(locations, "connectors", "HUB_CONNECTORS");
        if (!kept.contains(PACKAGED_CONNECTORS)) {
            kept.add(PACKAGED_CONNECTORS);
        }
        return String.join(",", kept);
    }

    private List<String> existing(String entries, String what, String setting) {
        List<String> kept = new ArrayList<>();
        for (String entry : Arrays.stream(entries.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList()) {
            if (!entry.startsWith("file:")) {
                kept.add(entry);
                continue;
            }
            Path folder = folder(entry.substring("file:".length()));
            if (exists.test(folder)) {
                kept.add(entry);
            } else {
                log.info("No " + what + " folder at " + absolute(folder) + " (" + setting + "): nothing loaded from there");
            }
        }
        return kept;
    }

    /** The folder a location names: the part before its first wildcard, or the location itself without one. */
    static Path folder(String location) {
        int wildcard = indexOfAny(location, "*?{[");
        if (wildcard < 0) {
            return Path.of(location);
        }
        int slash = location.lastIndexOf('/', wildcard);
        return Path.of(slash < 0 ? "." : location.substring(0, slash));
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
