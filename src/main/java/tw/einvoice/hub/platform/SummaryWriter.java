package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's daily SummaryResult (turnkey.md §2.1) from the day's platform answers in Turnkey's log: per message
 * type, the invoices received, accepted and refused, in the shape Turnkey binds ({@code Message/{Info,
 * ResultType/{Total,Good,Failed}/ResultDetailType/{Count, Invoices/Invoice/{ReferenceNumber, InvoiceDate}}}}),
 * InvoiceDate as {@code yyyyMMdd}. Files Turnkey refused itself never reached the platform and are not in it; nor
 * are E0401/E0402, which are not invoices.
 */
final class SummaryWriter {

    static final String NAMESPACE = "urn:GEINV:SummaryResult:4.1";
    private static final DateTimeFormatter YMD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private SummaryWriter() {
    }

    /** One answered message: its type, the document number and date of its INVOICE_IDENTIFIER, C or E. */
    record Entry(String messageType, String identifier, String status) {
        String reference() {
            return identifier.substring(messageType.length(), identifier.length() - 8);
        }

        String date() {
            return identifier.substring(identifier.length() - 8);
        }
    }

    /** Writes the file under {@code <dir>/<yyyyMMdd>/<HH>/} and returns its path, or null when the day had nothing. */
    static Path write(JdbcClient turnkey, Path dir, LocalDate day, String fromPartyId, String toPartyId,
                      LocalDateTime now) throws IOException {
        List<Entry> entries = turnkey.sql("""
                        SELECT m.message_type, m.invoice_identifier, m.status FROM turnkey_message_log m
                        WHERE m.in_out_bound = 'O' AND m.message_dts LIKE ? AND m.status IN ('C', 'E')
                          AND m.message_type NOT IN ('E0401', 'E0402') AND m.invoice_identifier IS NOT NULL
                          AND EXISTS (SELECT 1 FROM turnkey_message_log_detail d
                                      WHERE d.seqno = m.seqno AND d.subseqno = m.subseqno AND d.task = 'SendFile')
                        ORDER BY m.message_type, m.seqno""")
                .param(day.format(YMD) + "%")
                .query((rs, n) -> new Entry(rs.getString(1).trim(), rs.getString(2).trim(), rs.getString(3).trim()))
                .list();
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, List<Entry>> byType = new LinkedHashMap<>();
        entries.forEach(e -> byType.computeIfAbsent(e.messageType(), k -> new ArrayList<>()).add(e));

        Path folder = dir.resolve(day.format(YMD)).resolve(String.format("%02d", now.getHour()));
        Files.createDirectories(folder);
        Path target = folder.resolve("SummaryResult_" + day.format(YMD) + "_"
                + now.format(DateTimeFormatter.ofPattern("HHmmssSSS")) + ".xml");
        Path part = folder.resolve(target.getFileName() + ".part");
        Files.write(part, xml(byType, day, fromPartyId, toPartyId, now));
        return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] xml(Map<String, List<Entry>> byType, LocalDate day, String fromPartyId, String toPartyId,
                      LocalDateTime now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "SummaryResult");
            w.writeDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "RoutingInfo");
            party(w, "From", fromPartyId);
            party(w, "To", toPartyId);
            w.writeEndElement();
            w.writeStartElement(NAMESPACE, "DetailList");
            for (Map.Entry<String, List<Entry>> type : byType.entrySet()) {
                w.writeStartElement(NAMESPACE, "Message");
                w.writeStartElement(NAMESPACE, "Info");
                // the Id's parts as Turnkey's readers split it: [?, MSG, yyyyMMdd, HHmmss, uuid]
                leaf(w, "Id", "SIM-" + type.getKey() + "-" + day.format(YMD) + "-"
                        + now.format(DateTimeFormatter.ofPattern("HHmmss")) + "-" + UUID.randomUUID());
                leaf(w, "MessageType", type.getKey());
                w.writeEndElement();
                w.writeStartElement(NAMESPACE, "ResultType");
                count(w, "Total", type.getValue());
                count(w, "Good", type.getValue().stream().filter(e -> "C".equals(e.status())).toList());
                count(w, "Failed", type.getValue().stream().filter(e -> "E".equals(e.status())).toList());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("SummaryResult could not be written", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void party(XMLStreamWriter w, String name, String partyId) throws XMLStreamException {
        w.writeStartElement(NAMESPACE, name);
        leaf(w, "PartyId", partyId == null ? "" : partyId);
        w.writeEndElement();
    }

    private static void count(XMLStreamWriter w, String name, List<Entry> entries) throws XMLStreamException {
        w.writeStartElement(NAMESPACE, name);
        w.writeStartElement(NAMESPACE, "ResultDetailType");
        leaf(w, "Count", String.valueOf(entries.size()));
        if (!entries.isEmpty()) {
            w.writeStartElement(NAMESPACE, "Invoices");
            for (Entry e : entries) {
                w.writeStartElement(NAMESPACE, "Invoice");
                leaf(w, "ReferenceNumber", e.reference());
                leaf(w, "InvoiceDate", e.date());
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void leaf(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(NAMESPACE, name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
