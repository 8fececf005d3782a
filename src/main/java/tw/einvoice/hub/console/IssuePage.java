package tw.einvoice.hub.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.ProducerTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.RequestContextUtils;
import tw.einvoice.hub.intake.IntakeHeaders;
import tw.einvoice.hub.intake.IntakeOutcome;
import tw.einvoice.hub.invoice.InvoiceJson;
import tw.einvoice.hub.rules.RuleSettings;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.seller.Seller;
import tw.einvoice.hub.seller.SellerDirectory;
import tw.einvoice.hub.web.AuditTrail;
import tw.einvoice.hub.web.Callers;
import tw.einvoice.hub.web.HubPrincipal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues one invoice from a form. The form becomes a canonical invoice and goes through intake like any source's
 * record ({@code direct:intake}, connector {@code console}), so the same rules decide; a rejection comes back with
 * each violation shown at its field. The form keeps its source reference across corrections, so the corrected
 * submission resolves the rejected record the first one left.
 */
@Controller
class IssuePage {

    static final String CONNECTOR = "console";
    static final int ITEM_ROWS = 5;

    private final Callers callers;
    private final SellerDirectory sellers;
    private final ProducerTemplate producer;
    private final AuditTrail audit;
    private final Clock clock;

    IssuePage(Callers callers, SellerDirectory sellers, ProducerTemplate producer, AuditTrail audit, Clock clock) {
        this.callers = callers;
        this.sellers = sellers;
        this.producer = producer;
        this.audit = audit;
        this.clock = clock;
    }

    /** What the form posts. Items are parallel lists; blank rows are left out. */
    static final class IssueForm {
        public String sourceRef;
        public String sellerId;
        public String branchId;
        public String kind = "B2C";
        public String buyerId;
        public String buyerName;
        public String carrierType;
        public String carrierId;
        public String donationCode;
        public String remark;
        public List<String> description = new ArrayList<>();
        public List<String> quantity = new ArrayList<>();
        public List<String> unitPrice = new ArrayList<>();

        public String getSourceRef() { return sourceRef; }
        public void setSourceRef(String v) { sourceRef = v; }
        public String getSellerId() { return sellerId; }
        public void setSellerId(String v) { sellerId = v; }
        public String getBranchId() { return branchId; }
        public void setBranchId(String v) { branchId = v; }
        public String getKind() { return kind; }
        public void setKind(String v) { kind = v; }
        public String getBuyerId() { return buyerId; }
        public void setBuyerId(String v) { buyerId = v; }
        public String getBuyerName() { return buyerName; }
        public void setBuyerName(String v) { buyerName = v; }
        public String getCarrierType() { return carrierType; }
        public void setCarrierType(String v) { carrierType = v; }
        public String getCarrierId() { return carrierId; }
        public void setCarrierId(String v) { carrierId = v; }
        public String getDonationCode() { return donationCode; }
        public void setDonationCode(String v) { donationCode = v; }
        public String getRemark() { return remark; }
        public void setRemark(String v) { remark = v; }
        public List<String> getDescription() { return description; }
        public void setDescription(List<String> v) { description = v; }
        public List<String> getQuantity() { return quantity; }
        public void setQuantity(List<String> v) { quantity = v; }
        public List<String> getUnitPrice() { return unitPrice; }
        public void setUnitPrice(List<String> v) { unitPrice = v; }

        public String at(List<String> list, int i) {
            return i < list.size() && list.get(i) != null ? list.get(i).strip() : "";
        }
    }

    @GetMapping("/issue")
    String form(Authentication auth, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ISSUE, me);
        IssueForm form = new IssueForm();
        form.sourceRef = "console-" + UUID.randomUUID();
        List<Seller> mine = sellersOf(me);
        if (!mine.isEmpty()) {
            form.sellerId = mine.get(0).id();
            form.branchId = me.branchScoped() ? me.branchIds().stream().sorted().findFirst().orElse(null) : mine.get(0).defaultBranch();
        }
        return show(me, form, Map.of(), List.of(), model);
    }

    @PostMapping("/issue")
    String issue(@ModelAttribute("form") IssueForm form, Authentication auth, HttpServletRequest request, Model model) {
        HubPrincipal me = callers.of(auth);
        ConsoleNavigation.require(ConsoleNavigation.ISSUE, me);
        if (form.sourceRef == null || !form.sourceRef.startsWith("console-")) {
            form.sourceRef = "console-" + UUID.randomUUID();
        }
        if (!me.maySee(form.sellerId, form.branchId)) {
            throw new ConsoleRefusal.Forbidden("you may not issue for seller " + form.sellerId + " branch " + form.branchId);
        }
        ObjectNode doc = canonical(form);
        ArrayNode records = InvoiceJson.mapper().createArrayNode();
        records.add(doc);
        @SuppressWarnings("unchecked")
        List<IntakeOutcome> outcomes = producer.requestBodyAndHeaders(IntakeHeaders.INTAKE, records,
                Map.of(IntakeHeaders.ACTOR, me.actor()), List.class);
        IntakeOutcome outcome = outcomes.get(0);
        if (outcome.rejected()) {
            boolean english = "en".equals(RequestContextUtils.getLocale(request).getLanguage());
            Map<String, String> errors = new LinkedHashMap<>();
            List<String> all = new ArrayList<>();
            for (Violation v : outcome.violations()) {
                String text = english ? v.messageEn() : v.messageZh();
                errors.merge(v.field(), text, (a, b) -> a + " " + b);
                all.add(v.field() + ": " + text);
            }
            audit.record(me.actor(), "ISSUE_REJECTED", form.sourceRef, null,
                    Map.of("rejectedId", String.valueOf(outcome.rejectedId()), "violations", all), request.getRemoteAddr());
            return show(me, form, errors, all, model);
        }
        audit.record(me.actor(), "ISSUE", form.sourceRef, null,
                Map.of("invoiceId", outcome.invoiceId().toString(), "result", outcome.result().name()), request.getRemoteAddr());
        return "redirect:/invoices/" + outcome.invoiceId();
    }

    private String show(HubPrincipal me, IssueForm form, Map<String, String> errors, List<String> all, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("allErrors", all);
        model.addAttribute("sellers", sellersOf(me));
        model.addAttribute("branchScope", me.branchScoped() ? me.branchIds() : null);
        model.addAttribute("rows", java.util.stream.IntStream.range(0, ITEM_ROWS).boxed().toList());
        return "console/issue";
    }

    private List<Seller> sellersOf(HubPrincipal me) {
        return callers.visibleSellers(me).stream().map(sellers::find).flatMap(java.util.Optional::stream).toList();
    }

    /**
     * The canonical invoice the form describes: prices include tax and the hub derives sales and tax amounts, as
     * for any source. Quantities and prices go as the person typed them; intake says what is wrong with them.
     */
    private ObjectNode canonical(IssueForm form) {
        ObjectNode doc = InvoiceJson.mapper().createObjectNode();
        doc.put("connector", CONNECTOR);
        doc.put("sourceRef", form.sourceRef);
        doc.put("sellerId", form.sellerId);
        doc.put("branchId", blankToNull(form.branchId));
        doc.put("invoiceType", "07");
        doc.put("issuedAt", OffsetDateTime.now(clock).atZoneSameInstant(RuleSettings.TAIPEI).toOffsetDateTime()
                .truncatedTo(ChronoUnit.SECONDS).toString());
        boolean b2b = "B2B".equals(form.kind);
        if (b2b || present(form.buyerName)) {
            ObjectNode buyer = doc.putObject("buyer");
            buyer.put("id", b2b ? (form.buyerId == null ? "" : form.buyerId.strip()) : "0000000000");
            buyer.put("name", blankToNull(form.buyerName));
        }
        if (!b2b && present(form.carrierType)) {
            ObjectNode carrier = doc.putObject("carrier");
            carrier.put("type", form.carrierType.strip());
            carrier.put("id", form.carrierId == null ? "" : form.carrierId.strip());
        }
        if (!b2b && present(form.donationCode)) {
            doc.putObject("donation").put("npoban", form.donationCode.strip());
        }
        doc.put("taxType", "1");
        doc.put("pricesIncludeTax", true);
        ArrayNode items = doc.putArray("items");
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < Math.max(form.description.size(), 1); i++) {
            String description = form.at(form.description, i);
            String quantity = form.at(form.quantity, i);
            String price = form.at(form.unitPrice, i);
            if (description.isEmpty() && quantity.isEmpty() && price.isEmpty()) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.put("description", description);
            BigDecimal q = number(quantity);
            BigDecimal p = number(price);
            if (q != null) item.put("quantity", q); else item.put("quantity", quantity);
            if (p != null) item.put("unitPrice", p); else item.put("unitPrice", price);
            if (q != null && p != null) {
                BigDecimal amount = q.multiply(p);
                item.put("amount", amount);
                total = total.add(amount);
            }
        }
        doc.put("totalAmount", total.setScale(0, java.math.RoundingMode.HALF_UP));
        doc.put("remark", blankToNull(form.remark));
        return doc;
    }

    private static BigDecimal number(String s) {
        try {
            return s == null || s.isBlank() ? null : new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return present(s) ? s.strip() : null;
    }
}
