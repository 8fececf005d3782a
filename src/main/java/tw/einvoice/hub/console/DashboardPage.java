package tw.einvoice.hub.console;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tw.einvoice.hub.invoice.InvoiceStatistics;
import tw.einvoice.hub.invoice.StatisticsScope;
import tw.einvoice.hub.numbering.NumberUsage;
import tw.einvoice.hub.numbering.PeriodEnd;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.TaxPeriod;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard: today's and this period's counts by status, connector and branch; invoices per hour today; what
 * lingers (held, stuck on the way, rejected); numbers left per branch; and the deadlines that are near.
 */
@Controller
class DashboardPage {

    /** An invoice not moving for this long on its way to the platform is shown as stuck. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(15);
    /** B2C invoices must reach the platform within 48 hours of issue, B2B within 7 days. */
    static final Duration B2C_DEADLINE = Duration.ofHours(48);
    static final Duration B2B_DEADLINE = Duration.ofDays(7);
    /** Warn this long before a deadline passes. */
    static final Duration WARN_BEFORE = Duration.ofHours(12);

    private static final ZoneId TAIPEI = RuleSettings.TAIPEI;

    private final Callers callers;
    private final InvoiceStatistics statistics;
    private final JdbcClient jdbc;
    private final PeriodEnd periodEnd;
    private final Clock clock;

    DashboardPage(Callers callers, InvoiceStatistics statistics, JdbcClient jdbc, PeriodEnd periodEnd, Clock clock) {
        this.callers = callers;
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.periodEnd = periodEnd;
        this.clock = clock;
    }

    record Remaining(String sellerId, String branchId, String invoiceType, int remaining) {
    }

    record Deadline(String key, long count, String detail) {
    }

    @GetMapping("/")
    String dashboard(Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.DASHBOARD, me);
        StatisticsScope scope = ConsoleScope.of(me, callers);
        OffsetDateTime now = OffsetDateTime.now(clock).atZoneSameInstant(TAIPEI).toOffsetDateTime();
        LocalDate today = now.toLocalDate();
        OffsetDateTime dayStart = today.atStartOfDay(TAIPEI).toOffsetDateTime();
        OffsetDateTime dayEnd = today.plusDays(1).atStartOfDay(TAIPEI).toOffsetDateTime();
        TaxPeriod period = TaxPeriod.of(today);
        OffsetDateTime periodStart = period.firstDay().atStartOfDay(TAIPEI).toOffsetDateTime();

        model.addAttribute("period", period.code());
        model.addAttribute("todayCounts", statistics.received(dayStart.toInstant(), dayEnd.toInstant(), scope));
        model.addAttribute("periodCounts", statistics.received(periodStart.toInstant(), dayEnd.toInstant(), scope));
        model.addAttribute("perHour", statistics.perHour(dayStart.toInstant(), dayEnd.toInstant(), TAIPEI, scope).stream()
                .map(h -> String.valueOf(h.count())).collect(java.util.stream.Collectors.joining(",")));
        model.addAttribute("stuck", statistics.stuck(STUCK_AFTER, now.toInstant(), scope, 20));
        model.addAttribute("rejected", statistics.rejected(scope, 20));
        model.addAttribute("remaining", remaining(me, scope, period, today));
        model.addAttribute("deadlines", deadlines(me, scope, now, today, period));
        return "console/dashboard";
    }

    /** Numbers left in this period's ranges, per branch and invoice type. */
    private List<Remaining> remaining(HubPrincipal me, StatisticsScope scope, TaxPeriod period, LocalDate today) {
        Map<String, Remaining> sums = new TreeMap<>();
        for (NumberUsage.Row row : NumberUsage.rows(jdbc, me.allSellers() ? null : me.sellerId(), period.code(), today)) {
            if (!scope.covers(row.sellerId(), row.branchId())) {
                continue;
            }
            String key = row.sellerId() + '/' + row.branchId() + '/' + row.invoiceType();
            Remaining before = sums.get(key);
            sums.put(key, new Remaining(row.sellerId(), row.branchId(), row.invoiceType(),
                    (before == null ? 0 : before.remaining()) + row.remaining()));
        }
        return List.copyOf(sums.values());
    }

    /**
     * Invoices issued but not confirmed that are near or past their upload deadline (B2C 48 h, B2B 7 days), and the
     * previous period's blank-number reports (E0402) not confirmed while their deadline, the 10th, is ahead.
     */
    private List<Deadline> deadlines(HubPrincipal me, StatisticsScope scope, OffsetDateTime now, LocalDate today, TaxPeriod period) {
        List<Deadline> out = new java.util.ArrayList<>();
        long b2c = statistics.unconfirmedCount(InvoiceStatistics.Buyer.CONSUMER,
                now.minus(B2C_DEADLINE).plus(WARN_BEFORE).toInstant(), scope);
        if (b2c > 0) {
            out.add(new Deadline("deadline.b2c", b2c, null));
        }
        long b2b = statistics.unconfirmedCount(InvoiceStatistics.Buyer.BUSINESS,
                now.minus(B2B_DEADLINE).plus(WARN_BEFORE).toInstant(), scope);
        if (b2b > 0) {
            out.add(new Deadline("deadline.b2b", b2b, null));
        }
        TaxPeriod previous = period.previous();
        boolean firstMonthOfPeriod = today.getMonthValue() == period.firstDay().getMonthValue();
        // blank reports are HQ's, per BranchBan: branch staff neither file nor fix them
        if (!me.branchScoped() && firstMonthOfPeriod && today.getDayOfMonth() <= 10) {
            List<String> open = periodEnd.unconfirmedReports(previous);
            if (!open.isEmpty()) {
                out.add(new Deadline("deadline.e0402", open.size(), previous.code() + ": " + String.join("; ", open)));
            }
        }
        return out;
    }
}
