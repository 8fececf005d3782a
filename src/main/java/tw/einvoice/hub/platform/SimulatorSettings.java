package tw.einvoice.hub.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * {@code hub.platform.*}: the Turnkey + platform simulator, with faults to inject in tests and demos.
 *
 * @param enabled          on in the embedded default, off in production (HUB_SIMULATOR_ENABLED=false)
 * @param upcastDir        the UpCast folder it watches (the local Turnkey folder the gateway writes to)
 * @param summaryDir       where it writes the daily SummaryResult files
 * @param schemaDir        the official MIG 4.1 schema folder as the MOF ships it ({@code v41/}, {@code common/}) that
 *                         Turnkey validates with; unset or missing: the hub's bundled schemas (a String: a
 *                         relative path such as {@code ../mof/mig-4.1-xsd} is a folder, not a resource)
 * @param processingDelay  how long the platform takes to answer a message Turnkey sent (it stays {@code G})
 * @param rejectRate       share of otherwise good messages rejected at random (0–1)
 * @param rejectCodes      platform-style codes a random rejection picks from
 * @param outageFrom       start of a daily outage window (no pick-up), or null
 * @param outageUntil      end of that window
 * @param downcastDir      the DownCast folder exchange messages the platform passes on are delivered into
 *                         ({@code B2BEXCHANGE/<MSG>/SRC}), or null for none
 * @param downcastParties  the BANs whose exchange messages this Turnkey receives; empty: every addressee
 */
@ConfigurationProperties("hub.platform")
public record SimulatorSettings(boolean enabled, Path upcastDir, Path summaryDir, String schemaDir,
                                Duration processingDelay, double rejectRate, List<String> rejectCodes,
                                LocalTime outageFrom, LocalTime outageUntil, Path downcastDir,
                                List<String> downcastParties) {

    public SimulatorSettings {
        processingDelay = processingDelay == null ? Duration.ZERO : processingDelay;
        rejectCodes = rejectCodes == null || rejectCodes.isEmpty() ? List.of("E0305") : rejectCodes;
        downcastParties = downcastParties == null ? List.of() : downcastParties;
    }

    /** The schema folder, or null when none is set. */
    Path schemaFolder() {
        return schemaDir == null || schemaDir.isBlank() ? null : Path.of(schemaDir);
    }

    /** Whether an exchange message addressed to {@code partyId} lands in this Turnkey's DownCast. */
    boolean deliversTo(String partyId) {
        return downcastDir != null && (downcastParties.isEmpty() || downcastParties.contains(partyId));
    }

    boolean inOutage(LocalTime now) {
        if (outageFrom == null || outageUntil == null) {
            return false;
        }
        return outageFrom.isBefore(outageUntil)
                ? !now.isBefore(outageFrom) && now.isBefore(outageUntil)
                : !now.isBefore(outageFrom) || now.isBefore(outageUntil);
    }
}
