package tw.einvoice.hub.notify;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.attachment.AttachmentMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tw.einvoice.hub.consumer.ConsumerLinks;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.invoice.InvoiceStore;
import tw.einvoice.hub.invoice.StoredInvoice;
import tw.einvoice.hub.print.Proofs;
import tw.einvoice.hub.seller.SellerDirectory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Messages to consumers about their invoices: an email (HTML from the seller's template, the PDF proof attached for a
 * printed invoice) and an SMS, each logged in {@code notification}, one per invoice, channel and kind, never to an
 * address on the opt-out list.
 *
 * <p>Invoices are announced when CONFIRMED, not ISSUED: a number the platform rejects would otherwise already be in
 * the consumer's inbox. A carrier or donated invoice gets its message without a PDF: it has no proof (domain rule),
 * and a document that looks like one could be taken for a lottery ticket.
 */
@Service
@EnableConfigurationProperties(SmsProperties.class)
public class ConsumerNotifications {

    private static final Logger log = LoggerFactory.getLogger(ConsumerNotifications.class);
    static final String ISSUED = "ISSUED";

    /** What one request queued: per channel, the masked address and the state. */
    public record Queued(String channel, String address, String state) {
    }

    private final JdbcClient jdbc;
    private final InvoiceStore invoices;
    private final Proofs proofs;
    private final SellerDirectory sellers;
    private final ITemplateEngine templates;
    private final NotifyProperties mail;
    private final SmsGateway sms;
    private final SmsProperties smsSettings;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final ConsumerLinks links;
    private final MailServer mailServer;

    ConsumerNotifications(JdbcClient jdbc, InvoiceStore invoices, Proofs proofs, SellerDirectory sellers, ITemplateEngine templates,
                          NotifyProperties mail, SmsProperties smsSettings, CamelContext camel, ProducerTemplate producer,
                          ConsumerLinks links, MailServer mailServer) {
        this.links = links;
        this.mailServer = mailServer;
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.proofs = proofs;
        this.sellers = sellers;
        this.templates = templates;
        this.mail = mail;
        this.smsSettings = smsSettings;
        this.sms = new SmsGateway(smsSettings);
        this.camel = camel;
        this.producer = producer;
    }

    /** Queues the messages an invoice's buyer can get; a repeat request for the same kind adds nothing. */
    public List<Queued> request(StoredInvoice invoice, String kind) {
        CanonicalInvoice.Party buyer = invoice.document().getBuyer();
        List<Queued> queued = new ArrayList<>();
        if (buyer == null) {
            return queued;
        }
        String email = normalEmail(buyer.email());
        String phone = normalPhone(buyer.phone());
        if (email != null) {
            queued.add(queue(invoice.id(), "EMAIL", kind, email));
        }
        if (phone != null) {
            queued.add(queue(invoice.id(), "SMS", kind, phone));
        }
        return queued;
    }

    /**
     * Queues a message whose words the asking stage wrote (a lottery notice) to the same buyer contact, once per
     * invoice, channel and kind like the rest: a repeat request, however late, adds nothing.
     */
    public List<Queued> requestMessage(StoredInvoice invoice, String kind, String subject, String emailText, String smsText) {
        CanonicalInvoice.Party buyer = invoice.document().getBuyer();
        List<Queued> queued = new ArrayList<>();
        if (buyer == null) {
            return queued;
        }
        String email = normalEmail(buyer.email());
        String phone = normalPhone(buyer.phone());
        if (email != null) {
            queued.add(queue(invoice.id(), "EMAIL", kind, email, subject, emailText));
        }
        if (phone != null) {
            queued.add(queue(invoice.id(), "SMS", kind, phone, null, smsText));
        }
        return queued;
    }

    private Queued queue(UUID invoiceId, String channel, String kind, String address) {
        return queue(invoiceId, channel, kind, address, null, null);
    }

    private Queued queue(UUID invoiceId, String channel, String kind, String address, String subject, String body) {
        String state = optedOut(address) ? "OPTED_OUT" : "PENDING";
        jdbc.sql("INSERT INTO notification (invoice_id, channel, kind, address, address_masked, state, subject, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (invoice_id, channel, kind) DO NOTHING")
                .params(invoiceId, channel, kind, address, mask(address), state, subject, body).update();
        return jdbc.sql("SELECT channel, address_masked, state FROM notification WHERE invoice_id = ? AND channel = ? AND kind = ?")
                .params(invoiceId, channel, kind).query((rs, n) -> new Queued(rs.getString(1), rs.getString(2), rs.getString(3))).single();
    }

    /** Adds an address to the opt-out list; messages still pending for it are not sent. Answers the normalised address. */
    public String optOut(String address) {
        String normal = address != null && address.contains("@") ? normalEmail(address) : normalPhone(address);
        if (normal == null) {
            throw new IllegalArgumentException("address: not an email address or a Taiwan mobile number (09xxxxxxxx): " + mask(String.valueOf(address)));
        }
        jdbc.sql("INSERT INTO notification_opt_out (address) VALUES (?) ON CONFLICT DO NOTHING").param(normal).update();
        jdbc.sql("UPDATE notification SET state = 'OPTED_OUT' WHERE address = ? AND state = 'PENDING'").param(normal).update();
        return mask(normal);
    }

    boolean optedOut(String address) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM notification_opt_out WHERE address = ?)").param(address).query(Boolean.class).single();
    }

    /** Confirmed invoices to a consumer with an email or phone that have not been announced yet. */
    int announceConfirmed(int limit) {
        List<UUID> ids = jdbc.sql("""
                SELECT i.id FROM invoice i
                WHERE i.status = 'CONFIRMED' AND i.updated_at > now() - interval '7 days'
                  AND (coalesce(i.document -> 'buyer' ->> 'email', '') <> '' OR coalesce(i.document -> 'buyer' ->> 'phone', '') <> '')
                  AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.invoice_id = i.id AND n.kind = 'ISSUED')
                ORDER BY i.updated_at LIMIT ?""").param(limit).query(UUID.class).list();
        for (UUID id : ids) {
            invoices.findById(id).ifPresent(invoice -> request(invoice, ISSUED));
        }
        return ids.size();
    }

    /** Messages due now; while the mail server is down and its next try not due, only SMS. */
    List<Long> due(int limit) {
        return jdbc.sql("SELECT id FROM notification WHERE state = 'PENDING' AND next_attempt <= now() AND (channel <> 'EMAIL' OR ?) "
                        + "ORDER BY id LIMIT ?")
                .params(mailServer.mayTry(), limit).query(Long.class).list();
    }

    /** One attempt at one message; a gateway or mail server failure waits and is tried again, a refusal is final. */
    void send(long id) {
        record Row(UUID invoiceId, String channel, String kind, String address, int attempts, String subject, String body) {
        }
        Row row = jdbc.sql("SELECT invoice_id, channel, kind, address, attempts, subject, body FROM notification WHERE id = ? AND state = 'PENDING'")
                .param(id).query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7)))
                .optional().orElse(null);
        if (row == null) {
            return;
        }
        if (optedOut(row.address())) {
            jdbc.sql("UPDATE notification SET state = 'OPTED_OUT' WHERE id = ?").param(id).update();
            return;
        }
        if (row.channel().equals("EMAIL") && !mail.smtp().configured() || row.channel().equals("SMS") && !smsSettings.configured()) {
            return;
        }
        // the rest of a round after a failed try: one message tries a server that is down, not every due one
        if (row.channel().equals("EMAIL") && !mailServer.mayTry()) {
            return;
        }
        // SENDING first, so that two hubs polling the same table cannot both send it
        if (jdbc.sql("UPDATE notification SET state = 'SENDING', attempts = attempts + 1 WHERE id = ? AND state = 'PENDING'").param(id).update() == 0) {
            return;
        }
        StoredInvoice invoice = invoices.findById(row.invoiceId()).orElseThrow();
        try {
            if (row.channel().equals("EMAIL") && row.body() != null) {
                written(row.address(), row.subject(), row.body());
                done(id, "SENT", "accepted by the mail server");
                mailServer.worked();
            } else if (row.channel().equals("EMAIL")) {
                email(invoice, row.address());
                done(id, "SENT", "accepted by the mail server");
                mailServer.worked();
            } else {
                SmsGateway.Answer answer = sms.send(row.address(), row.body() != null ? row.body() : smsText(invoice), "hub-" + id);
                if (answer.accepted()) {
                    done(id, "SENT", answer.text());
                } else if (answer.retry()) {
                    retry(id, row.attempts() + 1, answer.text());
                } else {
                    done(id, "FAILED", answer.text());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry(id, row.attempts() + 1, "interrupted");
        } catch (Exception e) {
            if (row.channel().equals("EMAIL") && mailServer.failed(e)) {
                // the server's outage, not this message's: it waits for the server without using up its attempts
                jdbc.sql("UPDATE notification SET state = 'PENDING', attempts = attempts - 1, provider_answer = ? WHERE id = ?")
                        .params("mail server unreachable, waiting for it: " + e.getMessage(), id).update();
                return;
            }
            retry(id, row.attempts() + 1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void done(long id, String state, String answer) {
        jdbc.sql("UPDATE notification SET state = ?, provider_answer = ?, sent_at = CASE WHEN ? = 'SENT' THEN now() END WHERE id = ?")
                .params(state, answer, state, id).update();
    }

    private void retry(long id, int attempts, String answer) {
        Duration wait = Duration.ofSeconds(Math.min(3600, 10L << Math.min(attempts - 1, 10)));
        if (attempts >= 10) {
            done(id, "FAILED", answer + " (gave up after " + attempts + " attempts)");
            return;
        }
        jdbc.sql("UPDATE notification SET state = 'PENDING', provider_answer = ?, next_attempt = now() + make_interval(secs => ?) WHERE id = ?")
                .params(answer, wait.toSeconds(), id).update();
        log.info("notification {}: {}; next attempt in {}", id, answer, wait);
    }

    private void email(StoredInvoice invoice, String to) throws Exception {
        CanonicalInvoice doc = invoice.document();
        boolean printed = Proofs.notPrintedReason(doc).isEmpty();
        Context context = new Context(Locale.TRADITIONAL_CHINESE);
        context.setVariable("invoice", doc);
        context.setVariable("seller", sellers.find(invoice.sellerId()).map(s -> s.name()).orElse(invoice.sellerId()));
        context.setVariable("proofAttached", printed);
        context.setVariable("notPrintedReason", Proofs.notPrintedReason(doc).orElse(null));
        // a member carrier's invoices are seen on the query site: the link is the consumer's way there
        context.setVariable("queryLink", links.forInvoice(doc).orElse(null));
        String html = templates.process(template(invoice.sellerId()), context);
        Exchange exchange = Mailer.endpoint(camel, mail).createExchange();
        exchange.getMessage().setBody(html);
        exchange.getMessage().setHeader("Subject", "電子發票開立通知 " + doc.getInvoiceNumber());
        exchange.getMessage().setHeader("To", to);
        exchange.getMessage().setHeader("From", mail.from());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        if (printed) {
            byte[] pdf = proofs.view(invoice, Proofs.Format.PDF).bytes();
            exchange.getMessage(AttachmentMessage.class).addAttachment(doc.getInvoiceNumber() + ".pdf",
                    new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
        }
        Exchange result = producer.send(Mailer.endpoint(camel, mail), exchange);
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    /** A plain-text mail of a message queued with its own words ({@link #requestMessage}). */
    private void written(String to, String subject, String text) throws Exception {
        Exchange exchange = Mailer.endpoint(camel, mail).createExchange();
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader("Subject", subject);
        exchange.getMessage().setHeader("To", to);
        exchange.getMessage().setHeader("From", mail.from());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, FinanceDigestRoutes.CONTENT_TYPE);
        Exchange result = producer.send(Mailer.endpoint(camel, mail), exchange);
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    /** A seller's own template (templates/notify/invoice-issued-SELLERID.html) or the hub's. */
    private String template(String sellerId) {
        String own = "notify/invoice-issued-" + sellerId;
        return getClass().getResource("/templates/" + own + ".html") != null ? own : "notify/invoice-issued";
    }

    private String smsText(StoredInvoice invoice) {
        CanonicalInvoice doc = invoice.document();
        String link = links.forInvoice(doc).map(l -> " 查詢：" + l).orElse("");
        return "您的電子發票 " + doc.getInvoiceNumber() + " 已開立，金額 " + doc.getTotalAmount().stripTrailingZeros().toPlainString()
                + " 元" + (Proofs.notPrintedReason(doc).isPresent() ? "，已存入載具或捐贈。" : "。") + link;
    }

    static String normalEmail(String email) {
        // RFC 5321 caps a path at 254 characters: anything longer is no address, and would be kept unbounded
        if (email == null || email.isBlank() || email.strip().length() > 254
                || !email.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Taiwan mobile numbers as 09xxxxxxxx; +886 9… and 886 9… are the same number. */
    static String normalPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.startsWith("8869")) {
            digits = "0" + digits.substring(3);
        }
        return digits.matches("09\\d{8}") ? digits : null;
    }

    /** a***@example.com, 0912***678: enough to recognise, not enough to use. */
    static String mask(String address) {
        int at = address.indexOf('@');
        if (at > 0) {
            return address.charAt(0) + "***" + address.substring(at);
        }
        return address.length() > 7 ? address.substring(0, 4) + "***" + address.substring(address.length() - 3) : "***";
    }
}
