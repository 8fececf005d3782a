package tw.einvoice.hub.print;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.seller.SellerDirectory;

import java.util.List;
import java.util.Optional;

/**
 * Proofs of stored invoices: the seller's QR key, the rule that carrier and donated invoices get no paper, and the
 * count of prints. The renderer is made on first use, so a hub without a CJK font starts and says so only when a
 * proof is asked for.
 */
@Service
@EnableConfigurationProperties(PrintProperties.class)
public class Proofs {

    /** Why a proof cannot be made; the web layer answers with the code and the reason. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String reason) {
            super(reason);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public enum Format { PNG, PDF }

    /** A rendered proof and the reprints on record (0 for the original). */
    public record Rendered(byte[] bytes, int reprints) {
    }

    private final JdbcClient jdbc;
    private final SellerDirectory sellers;
    private final PrintProperties properties;
    private volatile ProofRenderer renderer;

    Proofs(JdbcClient jdbc, SellerDirectory sellers, PrintProperties properties) {
        this.jdbc = jdbc;
        this.sellers = sellers;
        this.properties = properties;
    }

    /** Carrier and donated invoices are kept for the consumer, not printed (the MOF's rules); empty when printed. */
    public static Optional<String> notPrintedReason(CanonicalInvoice invoice) {
        if (invoice.getDonation() != null && invoice.getDonation().npoban() != null) {
            return Optional.of("not printed by rule: the invoice is donated (愛心碼 " + invoice.getDonation().npoban() + ")");
        }
        if (invoice.getCarrier() != null && invoice.getCarrier().type() != null) {
            return Optional.of("not printed by rule: the invoice is kept on a carrier (" + invoice.getCarrier().type() + ")");
        }
        return Optional.empty();
    }

    /** The proof as it stands: the original, or marked 補印 with the count of reprints so far. Prints nothing. */
    public Rendered view(StoredInvoice invoice, Format format) {
        int reprints = reprints(invoice);
        return new Rendered(render(invoice, reprints, format), reprints);
    }

    /**
     * The invoice as the consumer query site shows it on screen: the proof's PNG for any issued invoice, carrier ones
     * included (their content, with the same QR codes an app reads), counted as no print. The page around it says
     * that a carrier invoice's paper comes only from a kiosk when it wins.
     */
    public byte[] screenView(StoredInvoice invoice) {
        QrPayload payload = payload(invoice, false);
        boolean test = properties.testMode() || "simulator".equals(invoice.confirmedBy());
        return renderer().png(new ProofRenderer.Proof(invoice.document(), payload, reprints(invoice), test));
    }

    /** Counts one more reprint and renders the proof marked 補印 with its number. */
    @Transactional
    public Rendered reprint(StoredInvoice invoice, Format format, String actor) {
        payload(invoice); // refuses before counting
        jdbc.sql("INSERT INTO proof_print (invoice_id, reprint, actor) VALUES (?, true, ?)").params(invoice.id(), actor).update();
        int reprints = reprints(invoice);
        return new Rendered(render(invoice, reprints, format), reprints);
    }

    /** Refuses (with the reason) an invoice that gets no paper or has no proof yet; a print job is checked before it is queued. */
    void checkPrintable(StoredInvoice invoice) {
        payload(invoice);
    }

    /**
     * Counts a print by a thermal printer and renders it: the first print of an invoice is the original, any later
     * one (or one after a reprint through the API) is marked 補印 with its number. Runs in the caller's transaction.
     */
    java.awt.image.BufferedImage countAndRender(StoredInvoice invoice, String actor) {
        QrPayload payload = payload(invoice);
        boolean reprint = jdbc.sql("SELECT EXISTS (SELECT 1 FROM proof_print WHERE invoice_id = ?)").param(invoice.id())
                .query(Boolean.class).single();
        jdbc.sql("INSERT INTO proof_print (invoice_id, reprint, actor) VALUES (?, ?, ?)").params(invoice.id(), reprint, actor).update();
        boolean test = properties.testMode() || "simulator".equals(invoice.confirmedBy());
        return renderer().image(new ProofRenderer.Proof(invoice.document(), payload, reprint ? reprints(invoice) : 0, test));
    }

    public int reprints(StoredInvoice invoice) {
        return jdbc.sql("SELECT count(*) FROM proof_print WHERE invoice_id = ? AND reprint")
                .param(invoice.id()).query(Integer.class).single();
    }

    private byte[] render(StoredInvoice invoice, int reprints, Format format) {
        QrPayload payload = payload(invoice);
        boolean test = properties.testMode() || "simulator".equals(invoice.confirmedBy());
        ProofRenderer.Proof proof = new ProofRenderer.Proof(invoice.document(), payload, reprints, test);
        return format == Format.PNG ? renderer().png(proof) : renderer().pdf(List.of(proof), ProofRenderer.Paper.ROLL);
    }

    private QrPayload payload(StoredInvoice stored) {
        return payload(stored, true);
    }

    private QrPayload payload(StoredInvoice stored, boolean paper) {
        CanonicalInvoice invoice = stored.document();
        if (paper) {
            notPrintedReason(invoice).ifPresent(reason -> {
                throw new Refused("not-printed", reason);
            });
        }
        if (invoice.getInvoiceNumber() == null || invoice.getRandomCode() == null || invoice.getIssuedAt() == null) {
            throw new Refused("not-issued", "the invoice has no number yet (status " + stored.status() + ")");
        }
        String key = sellers.find(stored.sellerId()).map(s -> s.qrAesKey()).orElse(null);
        if (key == null || key.isBlank()) {
            throw new Refused("no-qr-key", "seller " + stored.sellerId() + " has no QR key: set hub.sellers[].qr-aes-key "
                    + "(HUB_QR_AES_KEY_" + stored.sellerId() + ")");
        }
        try {
            return QrPayload.of(invoice, key);
        } catch (IllegalArgumentException e) {
            throw new Refused("no-proof", e.getMessage());
        }
    }

    private ProofRenderer renderer() {
        ProofRenderer r = renderer;
        if (r == null) {
            synchronized (this) {
                if (renderer == null) {
                    renderer = new ProofRenderer(properties);
                }
                r = renderer;
            }
        }
        return r;
    }
}
