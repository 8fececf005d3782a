package tw.einvoice.hub.console;

import org.springframework.format.annotation.DateTimeFormat;
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
import tw.einvoice.hub.digitize.VoucherFields;
import tw.einvoice.hub.digitize.Vouchers;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Voucher review: batch upload, search, the image beside its fields with the flagged ones marked, correction and
 * approval in one keyboard-friendly form, bulk approval of the sure ones. The rules are {@link Vouchers}', the same
 * as {@code /api/v1/vouchers}.
 */
@Controller
class VouchersPage {

    private final Callers callers;
    private final Vouchers vouchers;

    VouchersPage(Callers callers, Vouchers vouchers) {
        this.callers = callers;
        this.vouchers = vouchers;
    }

    @GetMapping("/vouchers")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String number,
                @RequestParam(required = false) String ban,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
                @RequestParam(required = false) Long amount, @RequestParam(required = false) Vouchers.Status status,
                Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        model.addAttribute("vouchers", vouchers.search(new Vouchers.Search(callers.visibleSellers(me), q, number, ban,
                from, until, amount, status, 200)));
        model.addAttribute("q", q);
        model.addAttribute("number", number);
        model.addAttribute("ban", ban);
        model.addAttribute("from", from);
        model.addAttribute("until", until);
        model.addAttribute("amount", amount);
        model.addAttribute("status", status);
        model.addAttribute("statuses", Vouchers.Status.values());
        return "console/vouchers";
    }

    @PostMapping("/vouchers")
    String upload(@RequestParam("file") List<MultipartFile> files, Authentication auth, RedirectAttributes flash) throws IOException {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        if (me.allSellers()) {
            flash.addFlashAttribute("refused", "an HQ user belongs to no one seller: upload through the API with sellerId");
            return "redirect:/vouchers";
        }
        List<String> results = new ArrayList<>();
        for (MultipartFile file : files) {
            if (file.isEmpty()) {
                continue;
            }
            try {
                Vouchers.Received r = vouchers.receive(me.sellerId(), file.getOriginalFilename(), file.getBytes(), me.actor(), "console");
                results.add(r.fileName() + " → #" + r.id() + (r.duplicate() ? " (duplicate)" : ""));
            } catch (Vouchers.Refused e) {
                results.add(e.getMessage());
            }
        }
        flash.addFlashAttribute("uploaded", results);
        return "redirect:/vouchers";
    }

    @PostMapping("/vouchers/approve-confident")
    String approveConfident(Authentication auth, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        flash.addFlashAttribute("bulk", vouchers.approveConfident(callers.visibleSellers(me), me.actor()).size());
        return "redirect:/vouchers";
    }

    @GetMapping("/vouchers/{id}")
    String one(@PathVariable long id, Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        Vouchers.View v = visible(id, me);
        model.addAttribute("v", v);
        model.addAttribute("fields", v.fields().asText());
        String firstFlagged = VoucherFields.NAMES.stream().filter(v.flags()::containsKey).findFirst().orElse(VoucherFields.NAMES.get(0));
        model.addAttribute("focus", firstFlagged);
        model.addAttribute("corrections", vouchers.corrections(id));
        return "console/voucher";
    }

    @GetMapping("/vouchers/{id}/image")
    ResponseEntity<byte[]> image(@PathVariable long id, Authentication auth) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        visible(id, me);
        Vouchers.Image image = vouchers.image(id).orElseThrow();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(image.mediaType())).body(image.content());
    }

    /** The form's one submit: corrections, then approval when the button pressed (or Enter) says so. */
    @PostMapping("/vouchers/{id}")
    String save(@PathVariable long id, @RequestParam Map<String, String> form, Authentication auth, RedirectAttributes flash) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.VOUCHERS, me);
        visible(id, me);
        Map<String, String> fields = new LinkedHashMap<>();
        VoucherFields.NAMES.forEach(name -> {
            if (form.containsKey(name)) {
                fields.put(name, form.get(name));
            }
        });
        try {
            if ("save".equals(form.get("action"))) {
                vouchers.correct(id, fields, me.actor());
            } else {
                vouchers.approve(id, fields, me.actor());
                return next(me, id);
            }
        } catch (Vouchers.Refused e) {
            flash.addFlashAttribute("refused", e.getMessage());
        }
        return "redirect:/vouchers/" + id;
    }

    /** After an approval the next voucher waiting for review opens, so a reviewer keeps typing. */
    private String next(HubPrincipal me, long approved) {
        return vouchers.search(new Vouchers.Search(callers.visibleSellers(me), null, null, null, null, null, null,
                        Vouchers.Status.NEEDS_REVIEW, 1)).stream().findFirst()
                .map(v -> "redirect:/vouchers/" + v.id())
                .orElse("redirect:/vouchers?approved=" + approved);
    }

    private Vouchers.View visible(long id, HubPrincipal me) {
        return vouchers.find(id).filter(v -> me.maySee(v.sellerId()))
                .orElseThrow(() -> new ConsoleRefusal.NotFound("no voucher " + id));
    }
}
