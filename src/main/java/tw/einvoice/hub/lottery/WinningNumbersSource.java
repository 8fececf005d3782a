package tw.einvoice.hub.lottery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * Fetches published winning numbers from {@code hub.lottery.source-url}. The answer is JSON in either shape
 * {@link WinningNumbers#fromJson} reads: the hub's own, or the MOF App API's {@code QryWinningList}. With an
 * {@code appID} configured the request is that API's form POST ({@code version=0.2, action=QryWinningList,
 * invTerm, UUID, appID}); the appID goes in the body, never into a URL that logs could show.
 */
@Service
public class WinningNumbersSource {

    private static final Logger log = LoggerFactory.getLogger(WinningNumbersSource.class);

    private final LotteryProperties settings;
    private final LotteryPeriods periods;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    WinningNumbersSource(LotteryProperties settings, LotteryPeriods periods, Optional<Clock> clock) {
        this.settings = settings;
        this.periods = periods;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The period drawn last: the one before today's (its draw is on the 25th of today's odd month or earlier). */
    TaxPeriod lastDrawn() {
        LocalDate today = LocalDate.now(clock.withZone(RuleSettings.TAIPEI));
        TaxPeriod current = TaxPeriod.of(today);
        TaxPeriod previous = current.previous();
        // before the 25th of an odd month, the period that just closed has not been drawn yet
        boolean drawn = today.getMonthValue() % 2 == 0 || today.getDayOfMonth() >= 25;
        return drawn ? previous : previous.previous();
    }

    /** Fetches the last drawn period unless it is imported already; empty when not configured or not yet published. */
    Optional<LotteryPeriods.Outcome> fetchLatest() {
        if (!settings.sourceConfigured()) {
            return Optional.empty();
        }
        TaxPeriod period = lastDrawn();
        if (periods.find(period.code()).isPresent()) {
            return Optional.empty();
        }
        return fetch(period.code());
    }

    /** Fetches one period now (an admin asked); empty when the source has no numbers for it yet. */
    public Optional<LotteryPeriods.Outcome> fetch(String period) {
        String url = settings.sourceUrl().replace("{period}", period);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (!settings.sourceAppId().isEmpty()) {
            String form = "version=0.2&action=QryWinningList&invTerm=" + period + "&UUID=" + UUID.randomUUID()
                    + "&appID=" + URLEncoder.encode(settings.sourceAppId(), StandardCharsets.UTF_8);
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.GET();
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("winning numbers of " + period + ": the source did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("winning numbers of " + period + ": interrupted", e);
        }
        if (response.statusCode() == 404) {
            log.info("lottery {}: the source has no numbers yet (HTTP 404)", period);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("winning numbers of " + period + ": the source answered HTTP " + response.statusCode());
        }
        WinningNumbers numbers = WinningNumbers.fromJson(response.body(), period);
        return Optional.of(periods.importNumbers(numbers, LotteryPeriods.Source.HTTP, "http-source"));
    }
}
