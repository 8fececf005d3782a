package tw.einvoice.hub.reference;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MOF's schemas and Turnkey's own tools, kept beside the project at {@code ../shared/reference} (never copied
 * in). A conformance test that finds them missing fails under {@code CI=true} and is skipped elsewhere, so a
 * developer without the folder can still run the suite while CI can never pass without the authority.
 */
public final class Reference {

    private Reference() {
    }

    /** {@code ../shared/reference} relative to the project root (Maven runs tests there). */
    public static Path root() {
        return Path.of(System.getProperty("user.dir")).resolve("../shared/reference").normalize();
    }

    /** A folder of the reference, e.g. {@code mig-4.1-xsd} or {@code turnkey-validator}; see the class comment. */
    public static Path folder(String relative) {
        Path folder = root().resolve(relative);
        if (!Files.isDirectory(folder)) {
            String why = "the reference folder " + folder + " is missing (expected ../shared/reference beside the project)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + "; under CI=true conformance tests fail rather than skip");
            }
            Assumptions.abort(why);
        }
        return folder;
    }

    /** The official MIG 4.1 schema folder: HUB_OFFICIAL_XSD_DIR when set, else the reference copy. */
    public static Path officialXsd() {
        String env = System.getenv("HUB_OFFICIAL_XSD_DIR");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "v41"))) {
            return Path.of(env);
        }
        return folder("mig-4.1-xsd");
    }
}
