package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.invoice.InvoiceSearch;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StatisticsScope;
import tw.einvoice.hub.web.internal.Principals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Searching invoices for machine clients, the same search the console runs ({@link InvoiceSearch}), limited to what
 * the caller may see: a key its seller, a branch user their branches.
 */
@RestController
@RequestMapping("/api/v1/invoices/search")
@Tag(name = "invoices")
class InvoiceSearchApi {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private final InvoiceSearch search;
    private final Principals principals;

    InvoiceSearchApi(InvoiceSearch search, Principals principals) {
        this.search = search;
        this.principals = principals;
    }

    @GetMapping
    @Operation(summary = "Search invoices: number, invoice dates (Taipei, from/to inclusive), buyer BAN, status, "
            + "connector, branch, amount range; sort date_desc (default), date_asc, amount_desc, amount_asc; paged "
            + "(page from 0, size up to 200); hasMore says whether another page follows")
    InvoiceSearch.Page search(@RequestParam(required = false) String number,
                              @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                              @RequestParam(required = false) String buyer, @RequestParam(required = false) String status,
                              @RequestParam(required = false) String connector,
                              @RequestParam(required = false) String branch,
                              @RequestParam(required = false) String minAmount,
                              @RequestParam(required = false) String maxAmount,
                              @RequestParam(defaultValue = "date_desc") String sort,
                              @RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "50") String size,
                              Authentication auth) {
        HubPrincipal principal = principals.of(auth);
        // a branch user with no branches sees nothing, never every branch
        StatisticsScope scope = StatisticsScope.caller(principals.visibleSellers(principal), principal.branchScoped(),
                principal.branchIds());
        if (branch != null) {
            if (principal.branchScoped() && (principal.branchIds() == null || !principal.branchIds().contains(branch))) {
                throw new ApiException(HttpStatus.FORBIDDEN, "other-branch", "you may not see branch " + branch);
            }
            scope = scope.branch(branch);
        }
        InvoiceSearch.Criteria criteria;
        try {
            criteria = InvoiceSearch.Criteria.any()
                    .number(number)
                    .dates(date("from", from, 0), date("to", to, 1))
                    .buyer(buyer)
                    .status(status == null ? null : choice("status", status, InvoiceStatus.class))
                    .connector(connector)
                    .amounts(amount("minAmount", minAmount), amount("maxAmount", maxAmount))
                    .within(scope)
                    .sorted(choice("sort", sort, InvoiceSearch.Sort.class))
                    .page(integer("page", page), integer("size", size));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad-search", e.getMessage());
        }
        return search.search(criteria);
    }

    private static <E extends Enum<E>> E choice(String parameter, String text, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException(parameter + " is one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", not " + shown(text));
    }

    /** A day in Taipei; {@code to} counts its whole day, so it is the start of the next. */
    private static OffsetDateTime date(String parameter, String text, int plusDays) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(TAIPEI).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + " is a date yyyy-MM-dd, not " + shown(text));
        }
    }

    private static BigDecimal amount(String parameter, String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " is a number, not " + shown(text));
        }
    }

    private static int integer(String parameter, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " is a whole number, not " + shown(text));
        }
    }

    private static String shown(String text) {
        return tw.einvoice.hub.rules.InvoiceText.shown(text);
    }
}
