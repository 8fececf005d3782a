package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
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

/**
 * Writes the platform's daily SummaryResult (urn:GEINV:SummaryResult:4.1) for one day's messages,
 * in the shape Turnkey's own model binds: Message/Info + ResultType/{Total,Good,Failed}/ResultDetailType.
 */
final class SummaryWriter {

    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final String NS = "urn:GEINV:SummaryResult:4.1";

    private SummaryWriter() {
    }

    record Entry(String messageType, String identifier, String status) {
        String reference() {
            return identifier.substring(messageType.length(), identifier.length() - 8);
        }

        String date() {
            return identifier.substring(identifier.length() - 8);
        }
    }

    /** Writes the file under {@code <dir>/<yyyyMMdd>/<HH>/} and returns its path, or null when the day had nothing. */
    static Path write(JdbcClient turnkey, Path dir, LocalDate day, String toPartyId, LocalDateTime now) throws IOException {
        List<Entry> entries = turnkey.sql("""
                        SELECT message_type, invoice_identifier, status FROM turnkey_message_log
                        WHERE in_out_bound = 'O' AND message_dts LIKE ? AND status IN ('C', 'E')
                          AND message_type NOT IN ('E0401', 'E0402')
                        ORDER BY message_type, seqno""")
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
        Path target = folder.resolve("SummaryResult_" + day.format(YMD) + "_" + now.format(DateTimeFormatter.ofPattern("HHmmssSSS")) + ".xml");
        Path tmp = folder.resolve(target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("SummaryResult");
            w.writeDefaultNamespace(NS);
            w.writeStartElement("RoutingInfo");
            party(w, "From", "PartyId", "MOF");
            party(w, "FromVAC", "RoutingId", "MOF");
            party(w, "To", "PartyId", toPartyId);
            party(w, "ToVAC", "RoutingId", toPartyId);
            w.writeEndElement();
            w.writeStartElement("DetailList");
            for (var type : byType.entrySet()) {
                w.writeStartElement("Message");
                w.writeStartElement("Info");
                element(w, "Id", "SIM-" + type.getKey() + "-" + day.format(YMD) + "-" + now.format(DateTimeFormatter.ofPattern("HHmmss")) + "-" + java.util.UUID.randomUUID());
                element(w, "Size", String.valueOf(type.getValue().size()));
                element(w, "MessageType", type.getKey());
                element(w, "Service", "STORAGE");
                element(w, "Action", "UPLOAD");
                w.writeEndElement();
                w.writeStartElement("ResultType");
                detail(w, "Total", type.getValue());
                detail(w, "Good", type.getValue().stream().filter(e -> e.status().equals("C")).toList());
                detail(w, "Failed", type.getValue().stream().filter(e -> e.status().equals("E")).toList());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("SummaryResult could not be written", e);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static void detail(XMLStreamWriter w, String name, List<Entry> entries) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeStartElement("ResultDetailType");
        element(w, "Count", String.valueOf(entries.size()));
        if (!entries.isEmpty()) {
            w.writeStartElement("Invoices");
            for (Entry e : entries) {
                w.writeStartElement("Invoice");
                element(w, "ReferenceNumber", e.reference());
                element(w, "InvoiceDate", e.date());
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void party(XMLStreamWriter w, String name, String child, String value) throws XMLStreamException {
        w.writeStartElement(name);
        element(w, child, value);
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }
}
