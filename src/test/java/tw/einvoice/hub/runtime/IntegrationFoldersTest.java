package tw.einvoice.hub.runtime;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which route files and Kamelets the hub loads, given which folders exist where it runs. */
class IntegrationFoldersTest {

    private final List<String> logged = new ArrayList<>();

    private IntegrationFolders where(String... existing) {
        Set<Path> folders = Set.of(java.util.Arrays.stream(existing).map(Path::of).toArray(Path[]::new));
        Log log = (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
            if (method.getName().equals("info")) {
                logged.add(String.valueOf(args[0]));
            }
            return method.getReturnType() == boolean.class ? true : null;
        });
        return new IntegrationFolders(folders::contains, log);
    }

    @Test
    void theRepositorysRoutesFolderIsLoadedWhenItExistsAndNothingPackagedBesideIt() {
        assertThat(where("routes").routes("file:routes/*.yaml")).isEqualTo("file:routes/*.yaml");
        assertThat(logged).isEmpty();
    }

    @Test
    void withoutARoutesFolderTheExampleRoutesPackagedInTheJarAreLoadedSaidInOneLine() {
        assertThat(where().routes("file:routes/*.yaml")).isEqualTo("classpath:routes/*.yaml");

        assertThat(logged).singleElement().asString()
                .startsWith("No routes folder at " + Path.of("routes").toAbsolutePath().normalize()
                        + ": loading the example routes packaged in the jar (classpath:routes/*.yaml)");
    }

    @Test
    void aRoutesFolderTheOperatorNamedThatDoesNotExistLoadsNothingSaidInOneLine() {
        assertThat(where().routes("file:/etc/hub/routes/*.yaml")).isEqualTo(IntegrationFolders.NO_ROUTES);

        assertThat(logged).containsExactly("No routes folder at " + Path.of("/etc/hub/routes")
                + " (HUB_ROUTES): nothing loaded from there");
    }

    @Test
    void ofSeveralRouteLocationsOnlyTheMissingFoldersAreLeftOut() {
        assertThat(where("/etc/hub/routes").routes("file:/etc/hub/routes/*.yaml, file:/opt/more/*.yaml,classpath:extra/*.yaml"))
                .isEqualTo("file:/etc/hub/routes/*.yaml,classpath:extra/*.yaml");
        assertThat(logged).singleElement().asString().startsWith("No routes folder at /opt/more (HUB_ROUTES)");
    }

    @Test
    void kameletsOfAFolderThatExistsComeBeforeThePackagedOnes() {
        assertThat(where("connectors").connectors("file:connectors")).isEqualTo("file:connectors,classpath:connectors");
        assertThat(logged).isEmpty();
    }

    @Test
    void withoutAConnectorsFolderOnlyThePackagedKameletsAreSearchedSaidInOneLine() {
        assertThat(where().connectors("file:connectors")).isEqualTo("classpath:connectors");
        assertThat(logged).containsExactly("No connectors folder at " + Path.of("connectors").toAbsolutePath().normalize()
                + " (HUB_CONNECTORS): nothing loaded from there");
    }

    @Test
    void theFolderOfALocationIsThePartBeforeItsFirstWildcard() {
        assertThat(IntegrationFolders.folder("routes/*.yaml")).isEqualTo(Path.of("routes"));
        assertThat(IntegrationFolders.folder("/etc/hub/routes/erp-*.yaml")).isEqualTo(Path.of("/etc/hub/routes"));
        assertThat(IntegrationFolders.folder("/etc/hub/routes/erp.yaml")).isEqualTo(Path.of("/etc/hub/routes/erp.yaml"));
        assertThat(IntegrationFolders.folder("*.yaml")).isEqualTo(Path.of("."));
    }
}
