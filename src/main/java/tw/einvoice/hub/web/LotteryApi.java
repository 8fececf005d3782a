package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.lottery.LotteryMatcher;
import tw.einvoice.hub.lottery.LotteryPeriods;
import tw.einvoice.hub.lottery.WinningNumbers;
import tw.einvoice.hub.lottery.WinningNumbersSource;
import tw.einvoice.hub.lottery.Winners;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.internal.Principals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The lottery: winning numbers in (HQ admins), the winners report out (HQ admins, finance, a seller's API key). */
@RestController
@RequestMapping("/api/v1/lottery/periods/{period}")
@Tag(name = "lottery", description = "Winning numbers (統一發票兌獎) and the winners among member-carrier invoices")
class LotteryApi {

    private static final Set<String> REPORT_ROLES = Set.of("ADMIN", "FINANCE", "API");

    private final LotteryPeriods periods;
    private final LotteryMatcher matcher;
    private final WinningNumbersSource source;
    private final Winners winners;
    private final Principals principals;

    LotteryApi(LotteryPeriods periods, LotteryMatcher matcher, WinningNumbersSource source, Winners winners, Principals principals) {
        this.periods = periods;
        this.matcher = matcher;
        this.source = source;
        this.winners = winners;
        this.principals = principals;
    }

    /** What an import did and where the period stands; matching runs shortly after, in the background. */
    record PeriodView(String period, String outcome, WinningNumbers numbers, String source, String importedAt, String matchedAt,
                      Integer winners, String memberCarrierType, String claimFrom, String claimTo) {
        static PeriodView of(LotteryPeriods.Stored s, String outcome, String memberType) {
            WinningNumbers.ClaimWindow window = s.numbers().claimWindow();
            return new PeriodView(s.numbers().period(), outcome, s.numbers(), s.source().name(), String.valueOf(s.importedAt()),
                    s.matchedAt() == null ? null : s.matchedAt().toString(), s.winners(), memberType.isEmpty() ? null : memberType,
                    window.from().toString(), window.to().toString());
        }
    }

    @PostMapping(path = "/numbers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Import a period's winning numbers (HQ admins): the CLI's JSON or the MOF QryWinningList answer")
    ResponseEntity<PeriodView> importNumbers(@PathVariable String period, @RequestBody byte[] json, Authentication auth) {
        HubPrincipal p = hqAdmin(auth);
        WinningNumbers numbers = read(json, period);
        LotteryPeriods.Outcome outcome;
        try {
            outcome = periods.importNumbers(numbers, LotteryPeriods.Source.UPLOAD, p.actor());
        } catch (LotteryPeriods.NumbersRefused e) {
            throw new ApiException(HttpStatus.CONFLICT, "winners-already-told", e.getMessage());
        }
        PeriodView view = PeriodView.of(periods.find(period).orElseThrow(), outcome.name(), matcher.memberType());
        return ResponseEntity.status(outcome == LotteryPeriods.Outcome.IMPORTED ? HttpStatus.CREATED : HttpStatus.OK).body(view);
    }

    @PostMapping("/fetch")
    @Operation(summary = "Fetch a period's winning numbers from hub.lottery.source-url now (HQ admins)")
    ResponseEntity<PeriodView> fetch(@PathVariable String period, Authentication auth) {
        hqAdmin(auth);
        Optional<LotteryPeriods.Outcome> outcome;
        try {
            outcome = source.fetch(checked(period));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "source-failed", e.getMessage());
        }
        if (outcome.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not-published", "the source has no winning numbers for " + period + " yet");
        }
        return ResponseEntity.ok(PeriodView.of(periods.find(period).orElseThrow(), outcome.get().name(), matcher.memberType()));
    }

    @GetMapping
    @Operation(summary = "A period's winning numbers, claim window and matching state")
    PeriodView period(@PathVariable String period, Authentication auth) {
        reader(auth);
        return periods.find(checked(period)).map(s -> PeriodView.of(s, null, matcher.memberType()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "period-not-imported", "no winning numbers for period " + period));
    }

    @GetMapping("/winners")
    @Operation(summary = "The winners report of the sellers the caller may see (HQ admins, finance, API keys)")
    List<Winners.Winner> winners(@PathVariable String period, Authentication auth) {
        HubPrincipal p = reader(auth);
        return winners.of(checked(period), principals.visibleSellers(p));
    }

    @GetMapping(path = "/winners.csv", produces = "text/csv")
    @Operation(summary = "The winners report as CSV")
    ResponseEntity<String> winnersCsv(@PathVariable String period, Authentication auth) {
        HubPrincipal p = reader(auth);
        String csv = Winners.csv(winners.of(checked(period), principals.visibleSellers(p)));
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"winners-" + period + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(csv);
    }

    private static WinningNumbers read(byte[] json, String period) {
        try {
            return WinningNumbers.fromJson(json, checked(period));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-winning-numbers", e.getMessage());
        }
    }

    private static String checked(String period) {
        try {
            return TaxPeriod.parse(period).code();
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-period", "period: " + e.getMessage());
        }
    }

    private HubPrincipal hqAdmin(Authentication auth) {
        HubPrincipal p = principals.of(auth);
        if (!"ADMIN".equals(p.role()) || p.kind() != HubPrincipal.Kind.USER || !p.allSellers()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "hq-admin-only", "only HQ admins import winning numbers: they apply to every seller");
        }
        return p;
    }

    private HubPrincipal reader(Authentication auth) {
        HubPrincipal p = principals.of(auth);
        if (!REPORT_ROLES.contains(p.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "finance-only", "the winners report is for HQ admins, finance and API keys");
        }
        return p;
    }
}
