package tw.einvoice.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tw.einvoice.hub.lottery.LotteryMatcher;
import tw.einvoice.hub.lottery.LotteryPeriods;
import tw.einvoice.hub.lottery.Winners;
import tw.einvoice.hub.lottery.WinningNumbers;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The lottery for finance and HQ: imported periods, a period's winners report, and (HQ admins only, since the
 * numbers apply to every seller) the winning numbers by upload or typed in, through the same {@link LotteryPeriods}
 * as {@code POST /api/v1/lottery/periods/{period}/numbers}.
 */
@Controller
class LotteryPage {

    private final Callers callers;
    private final LotteryPeriods periods;
    private final LotteryMatcher matcher;
    private final Winners winners;
    private final AuditTrail audit;
    private final Clock clock;

    LotteryPage(Callers callers, LotteryPeriods periods, LotteryMatcher matcher, Winners winners, AuditTrail audit, Clock clock) {
        this.callers = callers;
        this.periods = periods;
        this.matcher = matcher;
        this.winners = winners;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/lottery")
    String page(@RequestParam(required = false) String period, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.LOTTERY, me);
        List<LotteryPeriods.Stored> imported = periods.list();
        String shown = period != null && period.matches("\\d{5}") ? period
                : imported.isEmpty() ? null : imported.get(0).numbers().period();
        model.addAttribute("periods", imported);
        model.addAttribute("period", shown);
        model.addAttribute("shown", shown == null ? null : periods.find(shown).orElse(null));
        model.addAttribute("winners", shown == null ? List.of() : winners.of(shown, callers.visibleSellers(me)));
        model.addAttribute("memberType", matcher.memberType());
        model.addAttribute("mayImport", mayImport(me));
        model.addAttribute("lastDrawn", TaxPeriod.of(LocalDate.now(clock.withZone(RuleSettings.TAIPEI))).previous().code());
        return "console/lottery";
    }

    /** The report's CSV for a browser: the API's is stateless (key or basic auth) and would not see the console session. */
    @GetMapping("/lottery/{period}/winners.csv")
    ResponseEntity<String> csv(@PathVariable String period, Authentication auth) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.LOTTERY, me);
        if (!period.matches("\\d{5}")) {
            throw new ConsoleRefusal.NotFound("no period " + period);
        }
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"winners-" + period + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(Winners.csv(winners.of(period, callers.visibleSellers(me))));
    }

    /** Typed in from the published list. */
    @PostMapping("/lottery/numbers")
    String enter(@RequestParam String period, @RequestParam String special, @RequestParam String grand, @RequestParam String first1,
                 @RequestParam String first2, @RequestParam String first3, @RequestParam(required = false) String additionalSixth,
                 Authentication auth, HttpServletRequest request, RedirectAttributes flash) {
        HubPrincipal me = importer(auth);
        List<String> extra = additionalSixth == null || additionalSixth.isBlank() ? List.of()
                : Arrays.stream(additionalSixth.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
        return save(me, period.strip(), () -> new WinningNumbers(period.strip(), special.strip(), grand.strip(),
                List.of(first1.strip(), first2.strip(), first3.strip()), extra), LotteryPeriods.Source.MANUAL, request, flash);
    }

    /** The CLI's JSON file or the MOF QryWinningList answer. */
    @PostMapping("/lottery/upload")
    String upload(@RequestParam("file") MultipartFile file, Authentication auth, HttpServletRequest request,
                  RedirectAttributes flash) throws IOException {
        HubPrincipal me = importer(auth);
        byte[] bytes = file.getBytes();
        return save(me, null, () -> WinningNumbers.fromJson(bytes, null), LotteryPeriods.Source.UPLOAD, request, flash);
    }

    private String save(HubPrincipal me, String period, Supplier<WinningNumbers> numbers,
                        LotteryPeriods.Source source, HttpServletRequest request, RedirectAttributes flash) {
        String target = period;
        try {
            WinningNumbers n = numbers.get();
            target = n.period();
            LotteryPeriods.Outcome outcome = periods.importNumbers(n, source, me.actor());
            audit.record(me.actor(), "LOTTERY_NUMBERS_" + outcome.name(), "lottery:" + n.period(), null, Map.of("numbers", n.toJson()),
                    request.getRemoteAddr());
            flash.addFlashAttribute("done", "lottery.done." + outcome.name());
        } catch (IllegalArgumentException | LotteryPeriods.NumbersRefused e) {
            flash.addFlashAttribute("refusedDetail", e.getMessage());
        }
        return "redirect:/lottery" + (target == null || !target.matches("\\d{5}") ? "" : "?period=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    private static boolean mayImport(HubPrincipal me) {
        return me != null && ConsoleNavigation.ADMIN.equals(me.role()) && me.allSellers();
    }

    private HubPrincipal importer(Authentication auth) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.requireRole(Set.of(ConsoleNavigation.ADMIN), me, "importing winning numbers");
        if (!me.allSellers()) {
            throw new ConsoleRefusal.Forbidden("winning numbers apply to every seller: only HQ admins import them");
        }
        return me;
    }
}
