package tw.einvoice.hub.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorSettingsTest {

    private static SimulatorSettings outage(String from, String until) {
        return new SimulatorSettings(true, Path.of("u"), Path.of("s"), null, Duration.ZERO, 0, List.of(),
                from == null ? null : LocalTime.parse(from), until == null ? null : LocalTime.parse(until), null, null);
    }

    @Test
    void outageWindowWithinADayCoversItsStartButNotItsEnd() {
        SimulatorSettings s = outage("02:00", "03:00");

        assertThat(s.inOutage(LocalTime.parse("01:59"))).isFalse();
        assertThat(s.inOutage(LocalTime.parse("02:00"))).isTrue();
        assertThat(s.inOutage(LocalTime.parse("02:59"))).isTrue();
        assertThat(s.inOutage(LocalTime.parse("03:00"))).isFalse();
    }

    @Test
    void outageWindowAcrossMidnightWrapsAround() {
        SimulatorSettings s = outage("23:30", "00:30");

        assertThat(s.inOutage(LocalTime.parse("23:45"))).isTrue();
        assertThat(s.inOutage(LocalTime.parse("00:15"))).isTrue();
        assertThat(s.inOutage(LocalTime.parse("12:00"))).isFalse();
    }

    @Test
    void noWindowMeansNoOutage() {
        assertThat(outage(null, null).inOutage(LocalTime.NOON)).isFalse();
    }

    @Test
    void randomRejectionsUseTheDefaultCodeWhenNoneIsConfigured() {
        assertThat(outage(null, null).rejectCodes()).containsExactly("E0305");
    }
}
