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
 * @param processingDelay  how long a message stays P before its verdict
 * @param rejectRate       share of otherwise good messages rejected at random (0–1)
 * @param rejectCodes      platform-style codes a random rejection picks from
 * @param outageFrom       start of a daily outage window (no pick-up), or null
 * @param outageUntil      end of that window
 * @param verifySignatures check each message's XML signature (when the hub signs)
 */
@ConfigurationProperties("hub.platform")
public record SimulatorSettings(boolean enabled, Path upcastDir, Path summaryDir, Duration processingDelay,
                                double rejectRate, List<String> rejectCodes, LocalTime outageFrom,
                                LocalTime outageUntil, boolean verifySignatures) {

    public SimulatorSettings {
        processingDelay = processingDelay == null ? Duration.ZERO : processingDelay;
        rejectCodes = rejectCodes == null || rejectCodes.isEmpty() ? List.of("E0305") : rejectCodes;
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
