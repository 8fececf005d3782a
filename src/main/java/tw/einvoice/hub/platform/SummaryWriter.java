package tw.einvoice.hub.platform;

import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.mig.MigWriter;
import tw.einvoice.hub.mig.SummaryResult;

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

/** The platform's daily SummaryResult for one day's messages, from Turnkey's log. */
final class SummaryWriter {

    private static final DateTimeFormatter YMD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private SummaryWriter() {
    }

    record Entry(String messageType, String identifier, String status) {
        SummaryResult.Invoice invoice() {
            String reference = identifier.substring(messageType.length(), identifier.length() - 8);
            return new SummaryResult.Invoice(reference, LocalDate.parse(identifier.substring(identifier.length() - 8), YMD));
        }
    }

    /** Writes the file under {@code <dir>/<yyyyMMdd>/<HH>/} and returns its path, or null when the day had nothing. */
    static Path write(JdbcClient turnkey, MigWriter writer, Path dir, LocalDate day, String toPartyId, LocalDateTime now)
            throws IOException {
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
        List<SummaryResult.MessageSummary> messages = new ArrayList<>();
        byType.forEach((type, list) -> messages.add(new SummaryResult.MessageSummary(
                "SIM-" + type + "-" + day.format(YMD) + "-" + now.format(DateTimeFormatter.ofPattern("HHmmss")) + "-" + UUID.randomUUID(),
                type, count(list, null), count(list, "C"), count(list, "E"))));
        String xml = writer.summaryResult(new SummaryResult("MOF", toPartyId, messages));

        Path folder = dir.resolve(day.format(YMD)).resolve(String.format("%02d", now.getHour()));
        Files.createDirectories(folder);
        Path target = folder.resolve("SummaryResult_" + day.format(YMD) + "_" + now.format(DateTimeFormatter.ofPattern("HHmmssSSS")) + ".xml");
        Path tmp = folder.resolve(target.getFileName() + ".part");
        Files.writeString(tmp, xml, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static SummaryResult.Count count(List<Entry> entries, String status) {
        return SummaryResult.Count.of(entries.stream().filter(e -> status == null || e.status().equals(status))
                .map(Entry::invoice).toList());
    }
}
