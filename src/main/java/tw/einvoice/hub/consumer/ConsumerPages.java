package tw.einvoice.hub.consumer;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import tw.einvoice.hub.carrier.Member;
import tw.einvoice.hub.carrier.Members;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceStatus;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.print.Proofs;
import tw.einvoice.hub.seller.SellerDirectory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The consumer's pages. What a consumer may not see looks exactly like what does not exist (「查無發票」, 404 for a
 * link), so a page never tells a guesser that an order, a carrier or an invoice number is real.
 */
@Controller
@RequestMapping("/my")
class ConsumerPages {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern RANDOM_CODE = Pattern.compile("\\d{4}");
    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Z]{2}\\d{8}");

    /** One invoice as a row of a list. */
    record Row(String number, String shownNumber, String issuedAt, String total, String status, String seller,
               boolean cancelled) {
    }

    /** An invoice found by its order, with its image (null when it cannot be drawn). */
    record Found(Row row, String proof) {
    }

    private final ConsumerLinks links;
    private final ConsumerInvoices invoices;
    private final Members members;
    private final Proofs proofs;
    private final SellerDirectory sellers;

    ConsumerPages(ConsumerLinks links, ConsumerInvoices invoices, Members members, Proofs proofs, SellerDirectory sellers) {
        this.links = links;
        this.invoices = invoices;
        this.members = members;
        this.proofs = proofs;
        this.sellers = sellers;
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("查無資料", null, false, false);
        }
    }

    @GetMapping({"", "/"})
    String index() {
        return "consumer/index";
    }

    @PostMapping("/order")
    String order(@RequestParam(defaultValue = "") String orderNumber, @RequestParam(defaultValue = "") String randomCode,
                 Model model) {
        String order = orderNumber.strip();
        String code = randomCode.strip();
        model.addAttribute("orderNumber", order);
        List<StoredInvoice> found = order.isEmpty() || order.length() > 128 || !RANDOM_CODE.matcher(code).matches()
                ? List.of() : invoices.ofOrder(order, code);
        if (found.isEmpty()) {
            model.addAttribute("notFound", true);
            return "consumer/index";
        }
        model.addAttribute("invoices", found.stream().map(i -> new Found(row(i), proof(i))).toList());
        return "consumer/order";
    }

    @GetMapping("/c/{token}")
    String carrier(@PathVariable String token, Model model) {
        ConsumerLinks.CarrierKey key = links.open(token).orElseThrow(NotFound::new);
        model.addAttribute("token", token);
        model.addAttribute("seller", sellerName(key.sellerId()));
        model.addAttribute("carrierType", key.carrierType());
        model.addAttribute("carrierId", key.carrierId());
        model.addAttribute("expires", SHOWN_TIME.format(key.expires().atZone(TAIPEI)));
        model.addAttribute("rows", invoices.ofCarrier(key).stream().map(this::row).toList());
        model.addAttribute("most", ConsumerInvoices.MOST);
        Optional<Member> member = members.findByCarrier(key.sellerId(), key.carrierType(), key.carrierId());
        member.ifPresent(m -> {
            model.addAttribute("hiddenCode", m.hiddenCode());
            model.addAttribute("carrierIdQr", qr(m.carrierId()));
            model.addAttribute("hiddenCodeQr", qr(m.hiddenCode()));
        });
        return "consumer/carrier";
    }

    @GetMapping("/c/{token}/{invoiceNumber}")
    String carrierInvoice(@PathVariable String token, @PathVariable String invoiceNumber, Model model) {
        ConsumerLinks.CarrierKey key = links.open(token).orElseThrow(NotFound::new);
        if (!INVOICE_NUMBER.matcher(invoiceNumber).matches()) {
            throw new NotFound();
        }
        StoredInvoice invoice = invoices.ofCarrier(key, invoiceNumber).orElseThrow(NotFound::new);
        model.addAttribute("token", token);
        model.addAttribute("row", row(invoice));
        model.addAttribute("items", invoice.document().getItems());
        model.addAttribute("proof", proof(invoice));
        return "consumer/invoice";
    }

    private Row row(StoredInvoice i) {
        CanonicalInvoice doc = i.document();
        String number = doc.getInvoiceNumber();
        return new Row(number, number.substring(0, 2) + "-" + number.substring(2),
                doc.getIssuedAt() == null ? "" : SHOWN_TIME.format(doc.getIssuedAt().atZoneSameInstant(TAIPEI)),
                doc.getTotalAmount() == null ? "" : doc.getTotalAmount().stripTrailingZeros().toPlainString(),
                status(i.status()), sellerName(i.sellerId()), i.status() == InvoiceStatus.CANCELLED);
    }

    private static String status(InvoiceStatus status) {
        return switch (status) {
            case CONFIRMED -> "已上傳財政部";
            case CANCELLED -> "已作廢";
            default -> "已開立，上傳中";
        };
    }

    private String sellerName(String sellerId) {
        return sellers.find(sellerId).map(s -> s.name()).orElse(sellerId);
    }

    /** The invoice's image as a data URI; null when it cannot be drawn (no QR key), and the page then shows the text only. */
    private String proof(StoredInvoice invoice) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(proofs.screenView(invoice));
        } catch (Proofs.Refused e) {
            return null;
        }
    }

    private static String qr(String text) {
        try {
            var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 180, 180,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "png", out);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("a 16-character code always fits a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
